#!/usr/bin/env python3
"""An attacker with write access to an office database (tests/cli/security.sh):
rewrites one event behind the triggers' back and recomputes the whole history
chain the way motcua does, so that the office's own `check` passes.
Usage: rechain.py DB EVENT_ID NEW_USER"""
import hashlib
import sqlite3
import sys

db, event, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
saved = dict(con.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN"
                         " ('dossier_events_no_update', 'event_chain_no_delete')"))
for name in saved:
    con.execute("DROP TRIGGER %s" % name)
con.execute("UPDATE dossier_events SET user_name = ? WHERE id = ?", (user, event))
con.execute("DELETE FROM event_chain")
prev = ""
rows = con.execute("SELECT id, uid, dossier_id, at, entered_at, user_name, action, from_status,"
                   " to_status, note, data FROM dossier_events ORDER BY id").fetchall()
for seq, row in enumerate(rows, 1):
    canon = b""
    for v in row:
        if v is None:
            canon += b"-"
        else:
            b = str(v).encode()
            canon += str(len(b)).encode() + b":" + b
    prev = hashlib.sha256(prev.encode() + canon).hexdigest()
    con.execute("INSERT INTO event_chain(seq, event_id, hash) VALUES (?, ?, ?)", (seq, row[0], prev))
for sql in saved.values():
    con.execute(sql)
con.commit()
