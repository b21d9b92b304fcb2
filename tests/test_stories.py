"""Syndication: copies of one TTXVN story on several sites are one story, listed once."""

import json
from array import array

import pytest

pytest.importorskip("datasketch")

from db import stories as stories_module  # noqa: E402
from db.stories import assign_missing, assign_story, list_stories, story_articles  # noqa: E402
from db.store import open_db  # noqa: E402
from tests.views_support import invoke, record, setup  # noqa: E402

STORY = ("Theo Cục Thống kê tỉnh Lạng Sơn, tổng sản phẩm trên địa bàn tỉnh năm 2025 ước tăng 7,2% so với năm trước, "
         "cao hơn mức bình quân cả nước. Khu vực công nghiệp và xây dựng tăng 9,1%, khu vực dịch vụ tăng 7,8%, "
         "khu vực nông, lâm nghiệp và thủy sản tăng 3,2%. Thu ngân sách nhà nước trên địa bàn đạt 6.500 tỷ đồng, "
         "kim ngạch xuất nhập khẩu qua các cửa khẩu đạt 5,6 tỷ USD, tăng 18% so với cùng kỳ. Tỉnh đặt mục tiêu "
         "năm 2026 tăng trưởng kinh tế từ 8% trở lên, tập trung phát triển kinh tế cửa khẩu và du lịch.")
COPIES = [
    ("baotintuc", "https://baotintuc.vn/dia-phuong/lang-son-grdp-tang-72-20261120.htm", STORY),
    ("vietnamplus", "https://www.vietnamplus.vn/lang-son-grdp-tang-72-post99.vnp",
     "Lạng Sơn (TTXVN) " + STORY + " (TTXVN/Vietnam+)"),
    ("bnews", "https://bnews.vn/lang-son-tang-truong-72/123.html",
     STORY.replace("ước tăng", "tăng") + " Bnews"),
]
OTHER = ("Sáng 21/11, tại thành phố Lạng Sơn diễn ra lễ hội văn hóa các dân tộc, thu hút hàng nghìn người dân "
         "và du khách tham gia các hoạt động thể thao, ẩm thực và trình diễn trang phục truyền thống.")


def add(db, source, url, text, day=20):
    record(db, "Lạng Sơn tăng trưởng 7,2%", text, f"2026-11-{day}T0{len(source) % 9}:00:00+00:00",
           url=url, source=source)
    return db.execute("select id from articles where url = ?", [url]).fetchone()[0]


@pytest.fixture
def db_config(tmp_path):
    return setup(tmp_path)


def test_copies_are_one_story_and_other_news_is_another(db_config):
    _, db = db_config
    ids = [assign_story(db, add(db, source, url, text), text) for source, url, text in COPIES]
    other = assign_story(db, add(db, "baolangson", "https://baolangson.vn/le-hoi-1.html", OTHER), OTHER)
    assert len(set(ids)) == 1 and other != ids[0]
    assert [a["source"] for a in story_articles(db, ids[0])] == ["baotintuc", "vietnamplus", "bnews"]
    [story] = list_stories(db, min_copies=2)
    assert story["copies"] == 3 and set(story["sources"].split(",")) == {"baotintuc", "vietnamplus", "bnews"}


def test_assignment_is_idempotent_and_survives_a_new_process(db_config, tmp_path):
    _, db = db_config
    first = add(db, *COPIES[0])
    story = assign_story(db, first, STORY)
    assert assign_story(db, first, STORY + " Cập nhật.") == story  # an edit keeps the story
    again = open_db(tmp_path / "newsmon.db")  # another process: the bands are in the database
    second = add(again, *COPIES[1])
    assert assign_story(again, second, COPIES[1][2]) == story


def test_stories_command_lists_each_story_once_with_its_copies(db_config):
    config, db = db_config
    for source, url, text in COPIES:
        add(db, source, url, text)
    add(db, "baolangson", "https://baolangson.vn/le-hoi-1.html", OTHER)
    # the store gives each new article its story as it records it: nothing left to do
    assert "0 articles given a story" in invoke(config, "stories", "--update")
    assert assign_missing(db) == 0
    assert db.execute("select count(*) from articles where story_id is null").fetchone()[0] == 0
    rows = json.loads(invoke(config, "stories", "--copies", "2", "--format", "json"))
    assert [r["copies"] for r in rows] == [3]
    copies = json.loads(invoke(config, "stories", str(rows[0]["id"]), "--format", "json"))
    assert len(copies) == 3
    assert "no story 99" in invoke(config, "stories", "99", code=1)


def test_one_alert_key_per_story_and_copies_confirm_a_figure(db_config):
    from db.indicators import classify
    from db.stories import new_article_key
    from tests.views_support import observe

    _, db = db_config
    first, second = (add(db, *copy) for copy in COPIES[:2])
    for article_id, (_, _, text) in zip((first, second), COPIES):
        assign_story(db, article_id, text)
    assert new_article_key(db, first) == new_article_key(db, second)
    kinds = []
    for article_id, source in ((first, "baotintuc"), (second, "vietnamplus")):
        obs = observe(db, article_id, "grdp_growth", 7.2, "%", "2025", "2026-11-20T05:00:00+00:00",
                      source=source, kind=None)
        kinds.append(classify(db, next(db.query("select * from observations where id = ?", [obs])), None)["kind"])
    assert kinds == ["new", "confirmed"]


# -- the LSH bands in SQLite ---------------------------------------------------------------

def bands_of(db, article_id):
    return db.execute("select band, hash from story_bands where article_id = ? order by band",
                      [article_id]).fetchall()


def test_a_copy_is_found_through_the_stored_bands_and_other_news_is_not(db_config):
    from db.stories import similar, signature

    _, db = db_config
    first = add(db, *COPIES[0])
    assign_story(db, first, STORY)
    assert len(bands_of(db, first)) == stories_module.BANDS
    copy = stories_module._values(signature(COPIES[1][2]))
    [(score, found, _)] = similar(db, 0, copy)
    assert found == first and score >= stories_module.THRESHOLD
    assert similar(db, 0, stories_module._values(signature(OTHER))) == []


def test_an_edited_article_gets_the_bands_of_its_new_text(db_config):
    from db.stories import bands, signature

    _, db = db_config
    first = add(db, *COPIES[0])
    story = assign_story(db, first, STORY)
    assert assign_story(db, first, OTHER) == story  # the story stays; the signature follows the text
    assert bands_of(db, first) == bands(stories_module._values(signature(OTHER)))
    assert db.execute("select count(*) from article_minhash").fetchone()[0] == 1
    second = add(db, *COPIES[1])
    assert assign_story(db, second, COPIES[1][2]) != story  # the old text's bands are gone


def test_signatures_are_accepted_as_bytes_array_or_datasketch_minhash(db_config):
    from array import array

    from datasketch import MinHash

    from db.stories import signature

    _, db = db_config
    blob = signature(STORY)
    minhash = MinHash(num_perm=128, scheme=stories_module.SCHEME)
    minhash.update_batch(list(stories_module.shingles(STORY)))
    ids = [add(db, *copy) for copy in COPIES]
    stories = {assign_story(db, ids[0], "", minhash=blob), assign_story(db, ids[1], "", minhash=array("I", blob)),
               assign_story(db, ids[2], "", minhash=minhash)}
    assert len(stories) == 1
    with pytest.raises(ValueError):
        assign_story(db, ids[0], "", minhash=b"\0" * 12)


def test_the_migration_fills_the_bands_of_an_existing_database(tmp_path):
    from db.migrations import migrations
    from db.stories import signature

    old = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(old, stop_before="create_story_bands")  # a database of the in-memory LSH era
    with old.atomic():  # what the store of that era wrote for a first copy
        first = old.execute("insert into articles (url, source, first_seen) values (?, ?, '')",
                            COPIES[0][1::-1]).lastrowid
        story = old.execute("insert into stories (first_article_id, title, first_seen) values (?, 't', '')",
                            [first]).lastrowid
        old.execute("update articles set story_id = ? where id = ?", [story, first])
        old.execute("insert into article_minhash (article_id, signature) values (?, ?)",
                    [first, signature(STORY)])
    db = open_db(tmp_path / "old.db")
    assert len(bands_of(db, first)) == stories_module.BANDS
    second = add(db, *COPIES[1])
    assert assign_story(db, second, COPIES[1][2]) == story


def test_worker_hashes_give_the_signature_of_the_text(db_config):
    from array import array

    from db.stories import shingle_hashes, signature

    _, db = db_config
    first = add(db, *COPIES[0])
    assign_story(db, first, "", hashes=shingle_hashes(STORY))
    stored = db.execute("select signature from article_minhash where article_id = ?", [first]).fetchone()[0]
    assert stored == signature(STORY)
    assert array("I", stored) != array("I", signature(OTHER))


def test_the_migration_rehashes_signatures_of_the_sha1_era(db_config):
    from datasketch import MinHash

    from db.stories import shingles, signature, story_text

    config, db = db_config
    first, second = add(db, *COPIES[0]), add(db, *COPIES[1])
    text = db.execute("select title, text from snapshots where article_id = ?", [first]).fetchone()
    old = MinHash(num_perm=stories_module.NUM_PERM, scheme=stories_module.SCHEME)  # sha1, as stored then
    old.update_batch(list(shingles(story_text({"title": text[0], "text": text[1]}))))
    with db.atomic():
        db.execute("update article_minhash set signature = ? where article_id = ?",
                   [old.hashvalues.astype("uint32").tobytes(), first])
        db.execute("delete from _sqlite_migrations where name = 'hash_shingles_with_crc32'")
    db = open_db(config.parent / "newsmon.db")
    stored = db.execute("select signature from article_minhash where article_id = ?", [first]).fetchone()[0]
    assert stored == signature(story_text({"title": text[0], "text": text[1]}))
    assert {row[0] for row in db.execute("select story_id from articles where id in (?, ?)", [first, second])} \
        == {assign_story(db, second, COPIES[1][2])}


def test_the_extraction_worker_imports_neither_datasketch_nor_sqlite_utils():
    # The crawl's main process makes the MinHash and writes the database; a worker that
    # imported datasketch (scipy) or sqlite-utils (numpy) would carry them in each copy.
    import subprocess
    import sys

    script = f"""
import sys
from crawler.analysis import analyse
page = "<html><head><title>t</title></head><body><h1>Lạng Sơn tăng trưởng 7,2%</h1><p>" + {STORY!r} + "</p></body></html>"
result = analyse(page, "https://baotintuc.vn/a.html", (("Lạng Sơn",), (), 1.0), ((), "Lạng Sơn"), None, page.encode())
assert result.shingles and result.doc is not None, result
print(sorted(m for m in ("datasketch", "scipy", "numpy", "sqlite_utils") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("text", ["", "một", "Lạng Sơn: GRDP năm 2025 tăng 7,2%, đứng thứ 15/63. " * 30])
def test_minhash_values_are_datasketchs_own(text):
    from datasketch import MinHash

    from db.stories import NUM_PERM, SCHEME, minhash_values, shingle_hashes

    hashes = shingle_hashes(text)
    reference = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=int)  # its own permutations, seed 1
    reference.update_batch(array("I", hashes))
    assert minhash_values(hashes) == array("I", reference.hashvalues.astype("uint32").tobytes())


def test_recording_a_story_does_not_import_datasketch():
    # datasketch loads scipy: half a second and 40 MB in each crawl, for arithmetic numpy does.
    import subprocess
    import sys

    script = f"""
import sys
from db.stories import signature
assert len(signature({STORY!r})) == 512
print(sorted(m for m in ("datasketch", "scipy") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
