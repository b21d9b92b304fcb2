"""Raw pages stored as line deltas against the article's previous page, read back exactly."""

import zlib

from db.store import FULL_EVERY, Page, open_db, raw_html, store_raw


def page_of(body: bytes, **kwargs) -> Page:
    return Page(url="https://baolangson.vn/a-1.html", source="baolangson", http_status=200, body=body, **kwargs)


def html(figure: str, filler: int = 400) -> bytes:
    lines = [f"<p class='x'>Dòng {i} của trang, không đổi.</p>" for i in range(filler)]
    lines[200] = f"<p>Thu ngân sách đạt {figure} tỷ đồng.</p>"
    return "\n".join(lines).encode()


def test_versions_round_trip_through_deltas(tmp_path):
    db = open_db(tmp_path / "n.db")
    bodies = [html("6.230"), html("6.315"), html("6.230") + b"\n", b"", html("7.000"), b"\xff\xfe\x00 bytes\nnot utf-8"]
    previous, stored = None, []
    for body in bodies:
        digest = store_raw(db, page_of(body), previous) or previous
        stored.append((digest, body))
        previous = digest
    for digest, body in stored:
        if body:
            assert raw_html(db, digest) == body
    kinds = [row["base"] is not None for row in db.query("select base from raw_pages order by rowid")]
    assert kinds[0] is False and any(kinds), kinds  # the first page in full, edits as deltas
    small = db.execute("select max(stored_size) from raw_pages where base is not null").fetchone()[0]
    assert small < len(zlib.compress(html("6.315"), 6)) / 5


def test_a_full_copy_at_least_every_few_versions(tmp_path):
    db = open_db(tmp_path / "n.db")
    previous = None
    for n in range(FULL_EVERY * 2 + 1):
        previous = store_raw(db, page_of(html(f"{n},5")), previous)
    assert db.execute("select max(depth) from raw_pages").fetchone()[0] == FULL_EVERY - 1
    assert db.execute("select count(*) from raw_pages where base is null").fetchone()[0] == 3
    assert raw_html(db, previous) == html(f"{FULL_EVERY * 2},5")


def test_a_missing_previous_page_gives_a_full_copy(tmp_path):
    db = open_db(tmp_path / "n.db")
    digest = store_raw(db, page_of(html("1")), "0" * 64)
    assert db["raw_pages"].get(digest)["base"] is None and raw_html(db, digest) == html("1")


def test_the_workers_digest_and_packed_copy_are_used(tmp_path):
    import hashlib

    db = open_db(tmp_path / "n.db")
    body = html("2")
    digest = store_raw(db, page_of(body, raw_digest=hashlib.sha256(body).hexdigest(),
                                   raw_packed=zlib.compress(body, 6)))
    assert digest == hashlib.sha256(body).hexdigest() and raw_html(db, digest) == body
