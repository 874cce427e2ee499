package io.teamchat.message.attachments;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Blobs in PostgreSQL, table {@code attachment_chunks}: fixed {@link #CHUNK_SIZE} pieces in one transaction per blob,
 * read back one chunk per query as the reader consumes them. Nothing else to run, and every replica sees the same
 * files; at most one chunk of a blob is in the heap at a time.
 */
public class PostgresBlobStore implements BlobStore {

    /** Fixed for good: a blob's chunk number is offset / CHUNK_SIZE. */
    static final int CHUNK_SIZE = 256 * 1024;

    private final AgroalDataSource dataSource;

    public PostgresBlobStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void put(String key, InputStream content, long size) throws IOException {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    deleteChunks(connection, key);
                    try (PreparedStatement insert = connection.prepareStatement(
                            "insert into message.attachment_chunks (blob_key, seq, data) values (?, ?, ?)")) {
                        long remaining = size;
                        int seq = 0;
                        while (remaining > 0) {
                            byte[] chunk = content.readNBytes((int) Math.min(CHUNK_SIZE, remaining));
                            if (chunk.length == 0) {
                                throw new IOException("the content ended " + remaining + " bytes early");
                            }
                            insert.setString(1, key);
                            insert.setInt(2, seq++);
                            insert.setBytes(3, chunk);
                            insert.executeUpdate();
                            remaining -= chunk.length;
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("storing blob " + key + " failed", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (!exists(key)) {
            throw new FileNotFoundException(key);
        }
        return new ChunkReader(key, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            deleteChunks(connection, key);
        } catch (SQLException e) {
            throw new IOException("deleting blob " + key + " failed", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select 1 from message.attachment_chunks where blob_key = ? and seq = 0")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IOException("looking up blob " + key + " failed", e);
        }
    }

    private static void deleteChunks(Connection connection, String key) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("delete from message.attachment_chunks where blob_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        }
    }

    /** Reads a range one chunk (or the part of it in range) per query, each with a short-lived connection. */
    private final class ChunkReader extends InputStream {

        private final String key;
        private long position;
        private long end;
        private byte[] buffer = new byte[0];
        private int index;

        ChunkReader(String key, long offset, long length) {
            this.key = key;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (index == buffer.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.length - index);
            System.arraycopy(buffer, index, target, off, n);
            index += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (position >= end) {
                return false;
            }
            int seq = (int) (position / CHUNK_SIZE);
            int from = (int) (position % CHUNK_SIZE);
            int count = (int) Math.min(CHUNK_SIZE - from, end - position);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "select substring(data from ? for ?) from message.attachment_chunks"
                                    + " where blob_key = ? and seq = ?")) {
                select.setInt(1, from + 1);
                select.setInt(2, count);
                select.setString(3, key);
                select.setInt(4, seq);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IOException("blob " + key + " has no chunk " + seq + " (deleted while read?)");
                    }
                    buffer = row.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException("reading blob " + key + " failed", e);
            }
            index = 0;
            position += buffer.length;
            if (buffer.length < count) {
                end = position; // the blob ends here (a range "to the end", or a blob shorter than asked)
            }
            return buffer.length > 0;
        }
    }
}
