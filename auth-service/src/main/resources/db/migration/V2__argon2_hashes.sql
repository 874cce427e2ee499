-- Argon2id hashes in PHC form ($argon2id$v=19$m=...,t=...,p=...$salt$hash) are longer than bcrypt's 60 characters.
ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(255);
