#!/usr/bin/env python3
"""Writes the SQL script of the sqlite3 benchmark workload.

`sqlite3 :memory: ".read FILE"` runs it: three tables filled by 160k single
INSERT statements in transactions, indexes, then joins, GROUP BY, ORDER BY,
a correlated subquery, an UPDATE and a DELETE. A fixed seed makes the script
identical on every run.

Usage: gen_sqlite_workload.py OUTPUT.sql [--scale N]  (N=1: 160k inserts)
"""

import argparse
import random

CITIES = ["Lyon", "Porto", "Kyoto", "Quito", "Oslo", "Perth", "Accra", "Lima", "Riga", "Hue"]
STATUSES = ["new", "paid", "shipped", "returned", "cancelled"]
WORDS = ["red", "blue", "fast", "slow", "big", "small", "fresh", "old", "bright", "quiet",
         "heavy", "light", "sharp", "soft", "warm", "cold"]
TRANSACTION_ROWS = 10_000


def phrase(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_inserts(out, table, rows):
    for start in range(0, len(rows), TRANSACTION_ROWS):
        out.write("BEGIN;\n")
        for row in rows[start:start + TRANSACTION_ROWS]:
            out.write(f"INSERT INTO {table} VALUES({row});\n")
        out.write("COMMIT;\n")


def generate(out, scale):
    rng = random.Random(20240601)
    customers = 20_000 * scale
    orders = 60_000 * scale
    items = 80_000 * scale

    out.write("PRAGMA cache_size = -65536;\n")
    out.write("CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT, city TEXT, "
              "joined INTEGER);\n")
    out.write("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, "
              "status TEXT, note TEXT);\n")
    out.write("CREATE TABLE item(order_id INTEGER, sku TEXT, qty INTEGER, price REAL);\n")

    write_inserts(out, "customer", [
        f"{i},'{phrase(rng, 2)} {i}','{rng.choice(CITIES)}',{rng.randrange(1_600_000_000, 1_700_000_000)}"
        for i in range(1, customers + 1)])
    write_inserts(out, "orders", [
        f"{i},{rng.randrange(1, customers + 1)},{rng.randrange(100, 100_000) / 100},"
        f"'{rng.choice(STATUSES)}','{phrase(rng, rng.randrange(1, 8))}'"
        for i in range(1, orders + 1)])
    write_inserts(out, "item", [
        f"{rng.randrange(1, orders + 1)},'SKU-{rng.randrange(0, 5000):05d}',"
        f"{rng.randrange(1, 10)},{rng.randrange(50, 20_000) / 100}"
        for _ in range(items)])

    out.write("CREATE INDEX orders_customer ON orders(customer_id);\n")
    out.write("CREATE INDEX orders_status ON orders(status, amount);\n")
    out.write("CREATE INDEX item_order ON item(order_id);\n")
    out.write("CREATE INDEX item_sku ON item(sku);\n")

    out.write("SELECT c.city, count(*), round(sum(o.amount), 2) FROM customer c "
              "JOIN orders o ON o.customer_id = c.id GROUP BY c.city ORDER BY 3 DESC;\n")
    out.write("SELECT o.status, count(DISTINCT o.customer_id), round(avg(i.qty * i.price), 2) "
              "FROM orders o JOIN item i ON i.order_id = o.id GROUP BY o.status;\n")
    out.write("SELECT i.sku, sum(i.qty) AS units FROM item i GROUP BY i.sku "
              "ORDER BY units DESC LIMIT 20;\n")
    out.write("SELECT c.name, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS n "
              "FROM customer c WHERE c.city = 'Oslo' ORDER BY n DESC, c.id LIMIT 50;\n")
    out.write("SELECT group_concat(note, ' ') IS NOT NULL, length(group_concat(note, ' ')) "
              "FROM orders WHERE status = 'returned';\n")
    out.write("UPDATE orders SET amount = amount * 1.1 WHERE status = 'paid';\n")
    out.write("DELETE FROM item WHERE qty = 1;\n")
    out.write("SELECT count(*), round(sum(qty * price), 2) FROM item;\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with open(args.output, "w") as out:
        generate(out, args.scale)


if __name__ == "__main__":
    main()
