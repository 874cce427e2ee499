// Seeds messages straight into message-service's tables with psql, the way message-service stores them, for the
// benchmarks that need more history than the API would send in reasonable time (rooms-list-bench, history-scroll-bench):
// each message at its room's next seq with the room's counter moved on, UUIDv7 ids in send order (seeded message g of
// n at millisecond t0 + g * SPAN_MS / n), 0.5 % then deleted through the trigger that records deleted positions, and the
// writer's read marker at their last message. Database: CHAT_DB_NAME (default chat), DB_HOST, DB_PORT, DB_USER as ./chat.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const DB = {
  name: process.env.CHAT_DB_NAME ?? 'chat',
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: process.env.DB_PORT ?? '5432',
  user: process.env.DB_USER ?? 'postgres',
};

export function psql(sql) {
  const run = spawnSync(
    'psql',
    ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', DB.host, '-p', DB.port, '-U', DB.user, '-d', DB.name],
    { input: sql, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr || run.error}`);
  return run.stdout.trim();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const uuidList = (ids) => {
  if (!ids.every((id) => UUID_RE.test(id))) throw new Error('not a uuid');
  return `'{${ids.join(',')}}'::uuid[]`;
};

// Seeded message g (0-based) is in room g % R at the room's next seq, with a UUIDv7 id of millisecond
// t0 + g * SPAN / N and g in its random bits, so id order is send order, after every earlier message.
export const SPAN_MS = 1000;
export function seededId(t0, g, n) {
  const ms = BigInt(t0) + (BigInt(g) * BigInt(SPAN_MS)) / BigInt(n);
  const hex = ms.toString(16).padStart(12, '0') + '7000' + '8' + BigInt(g).toString(16).padStart(15, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
export const deletedAt = (k) => k % 200 === 3; // k: the message's place among the room's seeded ones, from 1

/**
 * Inserts n messages from `writer` round-robin over the rooms, as message-service stores them (see the header); with a
 * `reader`, 1 % of them mention the reader. Returns t0, the millisecond of the first seeded id.
 */
export function seed(reader, writer, roomIds, n) {
  const R = roomIds.length;
  const t0 = Date.now() + 5;
  const started = performance.now();
  const id = `(lpad(to_hex(${t0} + g * ${SPAN_MS} / ${n}), 12, '0') || '7000' || '8' || lpad(to_hex(g), 15, '0'))::uuid`;
  const at = `to_timestamp((${t0} + g * ${SPAN_MS} / ${n}) / 1000.0)`;
  let sql = `
    create temp table bench_rooms as
      select r.room_id, (r.ord - 1)::int as ord, coalesce(s.last_seq, 0) as base
      from unnest(${uuidList(roomIds)}) with ordinality as r(room_id, ord)
      left join message.room_sequences s on s.room_id = r.room_id;
    create unique index on bench_rooms (ord);`;
  const batch = 50_000;
  for (let lo = 0; lo < n; lo += batch) {
    const hi = Math.min(n, lo + batch) - 1;
    sql += `
    with stored as (
      insert into message.messages (id, room_id, user_id, content, type, created_at, updated_at, seq)
      select ${id}, b.room_id, '${writer.id}',
             ${reader ? `case when g % 100 = 7 then '@${reader.username} message ' || g else 'message ' || g end` : `'message ' || g`},
             'text', ${at}, ${at}, b.base + g / ${R} + 1
      from generate_series(${lo}::bigint, ${hi}::bigint) g join bench_rooms b on b.ord = g % ${R}
      returning id, room_id, seq, content)
    insert into message.mentions (message_id, user_id, room_id, seq)
    select id, ${reader ? `'${reader.id}'::uuid` : 'null::uuid'}, room_id, seq from stored where ${reader ? "content like '@%'" : 'false'};`;
  }
  sql += `
    insert into message.room_sequences (room_id, last_seq)
    select b.room_id, b.base + (${n} - 1 - b.ord) / ${R} + 1 from bench_rooms b where b.ord < ${n}
    on conflict (room_id) do update set last_seq = excluded.last_seq;
    delete from message.messages m using bench_rooms b
    where m.room_id = b.room_id and m.seq > b.base and (m.seq - b.base) % 200 = 3;
    insert into message.read_markers (user_id, room_id, last_read_id, last_read_seq)
    select '${writer.id}', b.room_id, x.id, x.seq from bench_rooms b
    cross join lateral (select id, seq from message.messages m where m.room_id = b.room_id order by id desc limit 1) x
    on conflict (user_id, room_id) do update set last_read_id = excluded.last_read_id, last_read_seq = excluded.last_read_seq
    where message.read_markers.last_read_seq < excluded.last_read_seq;
    vacuum analyze message.messages;
    vacuum analyze message.mentions;
    vacuum analyze message.deleted_seqs;
    vacuum analyze message.read_markers;
    vacuum analyze message.room_sequences;`;
  psql(sql);
  console.log(`seeded ${n} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return t0;
}

