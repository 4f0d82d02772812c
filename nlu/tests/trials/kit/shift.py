"""Move every stored time of a trial's database back, as if the customer came back days later.

    python shift.py DATABASE_URL_OR_SQLITE_FILE [DAYS]   (default 3 days)

Stop the bot first and restart it after: every date-time column of every table moves back,
and so do the Rasa tracker's event timestamps (the `timestamp` column and inside `data`).
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import sqlalchemy as sa


def shift(url: str, days: float) -> None:
    if "://" not in url:
        url = f"sqlite:///{url}"
    delta = timedelta(days=days)
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            if not keys:
                continue
            times = [c for c in table.columns if isinstance(c.type, sa.DateTime)]
            stamp = table.columns.get("timestamp")
            data = table.columns.get("data") if table.name == "events" else None
            if not times and stamp is None:
                continue
            rows = connection.execute(sa.select(*keys, *table.columns)).mappings().all()
            for row in rows:
                values = {c.name: row[c.name] - delta for c in times if row[c.name] is not None}
                if stamp is not None and isinstance(row["timestamp"], (int, float)):
                    values["timestamp"] = row["timestamp"] - delta.total_seconds()
                if data is not None and row["data"]:
                    event = json.loads(row["data"])
                    if isinstance(event.get("timestamp"), (int, float)):
                        event["timestamp"] -= delta.total_seconds()
                        values["data"] = json.dumps(event)
                if values:
                    where = sa.and_(*(k == row[k.name] for k in keys))
                    connection.execute(sa.update(table).where(where).values(**values))
            print(f"{table.name}: {len(rows)} rows moved back {days:g} days")


if __name__ == "__main__":
    shift(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 3.0)
