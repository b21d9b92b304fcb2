"""A synthetic TTXVN-style news site of N articles, rendered on demand from a seed.

Nothing is stored: every page is a pure function of (seed, article number, edit revision),
so a 10,000-article site costs no memory and the crawler, the server and the benchmark all
agree on what each article says. Pages weigh 60-120 KB, most of it page chrome (menus,
"most read" boxes, related lists, inline scripts, footer) around 15-30 paragraphs of
Vietnamese text with figures ("thu ngân sách đạt 6.230 tỷ đồng, tăng 12,4% ...").
About 85 % of the articles are about Lạng Sơn; the others are about other provinces and
are not relevant to newsmon's default topic.

An edit (revision r > 0) changes one figure in one paragraph of the article: the small
edit whose storage cost the benchmark measures.
"""

from __future__ import annotations

import hashlib
import random
import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

SITE_NAME = "Báo Tin tức - TTXVN (bản thử)"
SECTION = "tin-tuc"
ARTICLE_PATTERN = r"/tin-tuc/[a-z0-9-]+-\d+\.html$"
RELEVANT_SHARE = 0.85
EPOCH = datetime(2026, 1, 1, 6, 0, tzinfo=timezone.utc)

PLACES = ["Cao Lộc", "Văn Lãng", "Lộc Bình", "Chi Lăng", "Hữu Lũng", "Đình Lập", "Tràng Định",
          "Bình Gia", "Văn Quan", "Bắc Sơn"]
OTHER_PROVINCES = ["Hà Giang", "Quảng Ninh", "Thái Nguyên", "Phú Thọ", "Nghệ An", "Cần Thơ",
                   "Bình Định", "Đắk Lắk"]
TOPICS = ["Thu ngân sách", "Xuất nhập khẩu", "Du lịch", "Sản xuất công nghiệp", "Đầu tư công",
          "Nông nghiệp", "Chuyển đổi số", "Giáo dục", "Y tế", "Giao thông"]
VERBS = ["đạt", "ước đạt", "vượt", "tăng", "duy trì"]

# Figures the indicator extractor knows: (template, low, high, decimals).
FIGURES = [
    ("thu ngân sách nhà nước trên địa bàn {place} đạt {v} tỷ đồng, tăng {g}% so với cùng kỳ", 1500, 9000, 0),
    ("kim ngạch xuất nhập khẩu qua các cửa khẩu đạt {v} triệu USD, tăng {g}% so với cùng kỳ năm trước", 800, 6000, 0),
    ("tổng lượt khách du lịch đến {place} ước đạt {v} nghìn lượt, tăng {g}% so với cùng kỳ", 300, 4000, 0),
    ("doanh thu du lịch đạt {v} tỷ đồng, tăng {g}% so với cùng kỳ năm trước", 500, 5000, 0),
    ("chỉ số sản xuất công nghiệp tăng {g}% so với cùng kỳ", 0, 0, 0),
    ("tốc độ tăng trưởng kinh tế (GRDP) ước đạt {g}%, đứng thứ {r} cả nước", 0, 0, 0),
    ("chỉ số giá tiêu dùng (CPI) bình quân tăng {g}% so với cùng kỳ", 0, 0, 0),
    ("vốn đầu tư trực tiếp nước ngoài (FDI) đăng ký đạt {v} triệu USD", 20, 900, 0),
]
FILLER = [
    "Các cấp, các ngành đã tập trung chỉ đạo quyết liệt, đồng bộ các giải pháp phát triển kinh tế - xã hội",
    "Công tác cải cách hành chính tiếp tục được đẩy mạnh, tạo môi trường đầu tư kinh doanh thuận lợi",
    "Lãnh đạo địa phương đề nghị các sở, ngành bám sát kế hoạch, tháo gỡ khó khăn cho doanh nghiệp",
    "Hoạt động thương mại, dịch vụ diễn ra sôi động, hàng hóa phong phú, giá cả ổn định",
    "Nhiều công trình trọng điểm được đôn đốc đẩy nhanh tiến độ, bảo đảm chất lượng và an toàn lao động",
    "Người dân và doanh nghiệp đánh giá cao sự đồng hành của chính quyền trong giải quyết thủ tục",
    "Công tác bảo đảm an sinh xã hội được quan tâm, đời sống của nhân dân từng bước được nâng lên",
    "Ngành nông nghiệp chú trọng phát triển vùng nguyên liệu tập trung gắn với chế biến và tiêu thụ",
    "Các lực lượng chức năng tăng cường phối hợp kiểm soát, phòng chống buôn lậu và gian lận thương mại",
    "Hội nghị cũng đã thảo luận, thống nhất nhiều nội dung quan trọng cho những tháng cuối năm",
    "Phát biểu tại buổi làm việc, đồng chí Phó Chủ tịch nhấn mạnh yêu cầu tiết kiệm, chống lãng phí",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới đạt được nhiều kết quả tích cực",
    "Hạ tầng giao thông kết nối vùng được đầu tư nâng cấp, rút ngắn thời gian vận chuyển hàng hóa",
    "Công tác đào tạo nghề, giải quyết việc làm cho lao động nông thôn được triển khai hiệu quả",
    "Các doanh nghiệp đẩy mạnh ứng dụng công nghệ số trong quản lý, sản xuất và kinh doanh",
    "Theo kế hoạch, trong quý tới sẽ tiếp tục rà soát, hoàn thiện các cơ chế, chính sách liên quan",
]
LOCAL_FILLER = [
    "Tại cửa khẩu quốc tế Hữu Nghị, lượng xe hàng thông quan mỗi ngày duy trì ổn định",
    "Huyện {place} đã hoàn thành sớm nhiều chỉ tiêu của Nghị quyết Đại hội Đảng bộ huyện",
    "Khu vực cửa khẩu Tân Thanh được đầu tư mở rộng bãi đỗ xe, nâng cao năng lực thông quan",
    "UBND tỉnh Lạng Sơn yêu cầu các huyện, thành phố rà soát các dự án chậm tiến độ",
    "Thành phố Lạng Sơn tiếp tục chỉnh trang đô thị, phát triển du lịch gắn với di tích",
]
# Sentences are assembled from parts with names, numbers and places drawn per sentence, so
# two articles share few 5-syllable runs (as real ones do): near-duplicate detection sees
# distinct articles, not one story told 10,000 times.
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
            "Lý", "Hà", "Lương", "Triệu", "Nông", "Hoàng Văn", "Lăng", "Chu"]
GIVEN = ["Văn Hùng", "Thị Lan", "Quốc Tuấn", "Minh Đức", "Thị Hạnh", "Văn Thắng", "Đình Hải", "Thu Trang",
         "Ngọc Anh", "Văn Bình", "Thị Mai", "Công Thành", "Hữu Phúc", "Thanh Hương", "Văn Long", "Kim Oanh"]
ROLES = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Chủ tịch UBND", "Phó Chủ tịch UBND", "Bí thư",
         "Chánh Văn phòng", "Trưởng ban", "Chi cục trưởng", "Hạt trưởng"]
ORGS = ["Sở Tài chính", "Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Môi trường",
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng", "Ban Quản lý Khu kinh tế", "Cục Hải quan",
        "Chi cục Thuế khu vực", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Kho bạc Nhà nước", "Hợp tác xã",
        "Trung tâm Xúc tiến đầu tư", "Sở Khoa học và Công nghệ", "Ngân hàng Chính sách xã hội"]
VILLAGE = ["Nà", "Khau", "Pác", "Bản", "Còn", "Lủng", "Khuổi", "Nặm", "Phai", "Tà", "Cốc", "Pò", "Kéo", "Bó"]
VILLAGE_2 = ["Mò", "Slam", "Lếch", "Chang", "Quang", "Pheo", "Mạ", "Luông", "Cáy", "Hin", "Phục", "Sla",
             "Rằng", "Đon", "Tống", "Bản", "Khoang", "Nưa"]
ACTIONS = ["đã hỗ trợ", "đã giải ngân", "đã cấp mới", "đã kiểm tra", "đã tiếp nhận", "đã hoàn thành",
           "đã bàn giao", "đã đào tạo", "đã xử lý", "đã khởi công", "đã thu hút", "đã nghiệm thu"]
OBJECTS = ["hộ dân", "doanh nghiệp", "hồ sơ", "công trình", "lao động", "tấn hàng", "ha rừng trồng",
           "km đường giao thông nông thôn", "phòng học", "dự án", "lượt xe", "hợp tác xã", "sản phẩm OCOP"]
CLOSERS = ["góp phần ổn định đời sống người dân", "vượt {p}% kế hoạch năm", "bằng {p}% so với cùng kỳ",
           "với tổng kinh phí {m} triệu đồng", "trong thời gian {d} ngày", "theo đúng tiến độ đề ra",
           "chủ yếu tại các xã vùng sâu, vùng xa", "tăng {p}% so với năm trước"]
OPENERS = ["Theo {who}", "Cho biết thêm, {who}", "Trao đổi với phóng viên, {who}", "Tại buổi làm việc, {who}",
           "Báo cáo của {org} cho thấy", "Từ đầu năm đến nay, {org}", "Theo số liệu của {org}",
           "Trong tháng {mo}, {org}"]


def sentence(rng: random.Random, place: str) -> str:
    """One made-up sentence with its own names, numbers and village."""
    who = f"{rng.choice(ROLES).lower()} {rng.choice(ORGS)} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    opener = rng.choice(OPENERS).format(who=who, org=rng.choice(ORGS), mo=rng.randint(1, 12))
    village = f"{rng.choice(VILLAGE)} {rng.choice(VILLAGE_2)}"
    closer = rng.choice(CLOSERS).format(p=vn_number(rng.uniform(1, 40), 1), m=vn_number(rng.randint(50, 90000)),
                                        d=rng.randint(5, 120))
    return (f"{opener}, trên địa bàn {place} {rng.choice(ACTIONS)} {vn_number(rng.randint(3, 4000))} "
            f"{rng.choice(OBJECTS)}, nổi bật là {village}, {closer}")


MENU = ["Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Pháp luật", "Thế giới", "Văn hóa", "Giáo dục",
        "Thể thao", "Y tế", "Khoa học - Công nghệ", "Du lịch", "Địa phương", "Ảnh", "Video", "Podcast",
        "Infographics", "Chuyên đề", "Bất động sản", "Ô tô - Xe máy", "Tài chính", "Chứng khoán",
        "Doanh nghiệp", "Nông nghiệp", "Môi trường", "Đời sống", "Giới trẻ", "Quốc phòng", "Kiều bào",
        "Tin ảnh"]
FOOTER = ["Cơ quan chủ quản: THÔNG TẤN XÃ VIỆT NAM",
          "Tổng Biên tập: Nguyễn Văn A. Giấy phép số 220/GP-BTTTT do Bộ Thông tin và Truyền thông cấp.",
          "Địa chỉ: 33 Lê Thánh Tông, Hoàn Kiếm, Hà Nội. Điện thoại: (024) 3933 2013.",
          "© Bản quyền thuộc về Báo Tin tức - TTXVN. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận."]
# An inline tracking/config script, as the real pages carry (tens of KB of it).
SCRIPT_LINE = ("window.__cfg=window.__cfg||[];__cfg.push({{zone:'{z}',slot:'div-gpt-ad-{s}',"
               "sizes:[[300,250],[300,600]],targeting:{{section:'tin-tuc',pos:'{p}'}}}});\n")
ASCII = str.maketrans("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ",
                      "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")


NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    return NON_SLUG.sub("-", title.lower().translate(ASCII)).strip("-")[:80]


MENU_HTML = "".join(
    f'<li class="menu-item"><a href="/{slugify(m)}/" title="{m}">{m}</a><ul class="sub">'
    + "".join(f'<li><a href="/{slugify(m)}/{k}/">{m} {k}</a></li>' for k in range(1, 7)) + "</ul></li>"
    for m in MENU)


def vn_number(value: float, decimals: int = 0) -> str:
    """6230 -> '6.230', 12.4 -> '12,4' (Vietnamese separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


class Site:
    """The site for one seed and size; ``revs`` holds the edit revision of edited articles."""

    def __init__(self, articles: int, seed: int = 1, per_sitemap: int = 5000):
        self.n = articles
        self.seed = seed
        self.per_sitemap = per_sitemap
        self.revs: dict[int, int] = {}
        self._titles: dict[int, str] = {}  # a few MB at N = 10,000: cheap, and rendering is 5x faster
        self._paths: dict[int, str] = {}

    # -- what each article is ---------------------------------------------------------

    def rng(self, num: int, salt: int = 0) -> random.Random:
        return random.Random((self.seed << 40) ^ (salt << 32) ^ num)

    def is_relevant(self, num: int) -> bool:
        return self.rng(num, 1).random() < RELEVANT_SHARE

    def published(self, num: int) -> datetime:
        return EPOCH + timedelta(minutes=37 * num)

    def modified(self, num: int) -> datetime:
        return self.published(num) + timedelta(hours=self.revs.get(num, 0))

    def place(self, num: int) -> str:
        rng = self.rng(num, 2)
        return "Lạng Sơn" if self.is_relevant(num) else OTHER_PROVINCES[rng.randrange(len(OTHER_PROVINCES))]

    def title(self, num: int) -> str:
        cached = self._titles.get(num)
        if cached is None:
            cached = self._titles[num] = self._title(num)
        return cached

    def _title(self, num: int) -> str:
        rng = self.rng(num, 3)
        topic = TOPICS[rng.randrange(len(TOPICS))]
        where = self.place(num)
        head = rng.choice([f"{topic} {where}: {rng.choice(VERBS)} kết quả tích cực",
                           f"{where} đẩy mạnh {topic.lower()} trong những tháng cuối năm",
                           f"{topic}: {where} {rng.choice(VERBS)} kế hoạch đề ra"])
        return f"{head} (bài {num})"

    def path(self, num: int) -> str:
        cached = self._paths.get(num)
        if cached is None:
            cached = self._paths[num] = f"/{SECTION}/{slugify(self.title(num))}-{num}.html"
        return cached

    def etag(self, num: int) -> str:
        return f'"{self.seed:x}-{num:x}-{self.revs.get(num, 0)}"'

    @staticmethod
    def number(path: str) -> int | None:
        """The article number of an article path, None for anything else."""
        if not (path.startswith(f"/{SECTION}/") and path.endswith(".html")):
            return None
        tail = path[:-5].rsplit("-", 1)[-1]
        return int(tail) if tail.isdigit() else None

    def exists(self, num: int | None) -> bool:
        return num is not None and 1 <= num <= self.n

    def edit(self, nums: list[int]) -> None:
        for num in nums:
            self.revs[num] = self.revs.get(num, 0) + 1

    # -- article text --------------------------------------------------------------------

    def paragraphs(self, num: int) -> tuple[str, list[str]]:
        """(lead, paragraphs) of the article at its current revision."""
        rng = self.rng(num, 4)
        where = self.place(num)
        local = where == "Lạng Sơn"
        count = rng.randint(15, 30)
        figures = []
        for _ in range(rng.randint(3, 7)):
            template, low, high, _decimals = FIGURES[rng.randrange(len(FIGURES))]
            figures.append([template, rng.randint(low, high) if high else 0,
                            round(rng.uniform(1.5, 19.9), 1), rng.randint(1, 40)])
        rev = self.revs.get(num, 0)
        if rev:  # the edit: the first figure is corrected
            figures[0][1] += 17 * rev
            figures[0][2] = round(figures[0][2] + 0.3 * rev, 1)
        slots = rng.sample(range(count), len(figures))
        paras = []
        for i in range(count):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                roll = rng.random()
                if roll < 0.15:  # the stock phrases every report has
                    s = FILLER[rng.randrange(len(FILLER))]
                elif local and roll < 0.25:
                    s = LOCAL_FILLER[rng.randrange(len(LOCAL_FILLER))]
                else:
                    s = sentence(rng, f"huyện {rng.choice(PLACES)}" if local else f"tỉnh {where}")
                sentences.append(s.format(place=rng.choice(PLACES)))
            if i in slots:
                template, value, growth, rank = figures[slots.index(i)]
                months = rng.choice(["9 tháng đầu năm 2026", "6 tháng đầu năm 2026", "năm 2025", "quý III/2026"])
                fig = template.format(place=where, v=vn_number(value), g=vn_number(growth, 1), r=rank)
                sentences.insert(rng.randrange(len(sentences) + 1), f"Trong {months}, {fig}")
            paras.append(". ".join(sentences) + ".")
        lead = (f"({SITE_NAME}) - Theo báo cáo của UBND tỉnh {where}, tình hình kinh tế - xã hội "
                f"trên địa bàn tỉnh {where} tiếp tục chuyển biến tích cực.")
        return lead, paras

    # -- pages ---------------------------------------------------------------------------

    def article_html(self, num: int, base: str) -> str:
        rng = self.rng(num, 5)
        title = escape(self.title(num))
        url = base + self.path(num)
        published = self.published(num).isoformat()
        lead, paras = self.paragraphs(num)
        target = rng.randint(60_000, 120_000)
        body = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
        related = self.link_box("Tin liên quan", num, 8, rng)
        out = [f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8"/>
<title>{title} | {SITE_NAME}</title>
<meta name="description" content="{escape(lead)}"/>
<link rel="canonical" href="{url}"/>
<meta property="og:url" content="{url}"/>
<meta property="og:type" content="article"/>
<meta property="og:title" content="{title}"/>
<meta property="og:site_name" content="{SITE_NAME}"/>
<meta property="article:published_time" content="{published}"/>
<meta property="article:modified_time" content="{self.modified(num).isoformat()}"/>
<link rel="stylesheet" href="/static/css/main.css?v=2026"/>
</head>
<body>
<div class="topbar"><span class="date">Thứ bảy, 28/11/2026</span><a href="/rss.xml">RSS</a> <a href="/lien-he/">Liên hệ</a></div>
<header class="header"><a class="logo" href="/">{SITE_NAME}</a>
<nav class="main-menu"><ul>{MENU_HTML}</ul></nav></header>
<div class="container"><main class="main-col">
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/{SECTION}/">Tin tức</a></div>
<article class="detail">
<h1 class="detail-title">{title}</h1>
<div class="detail-meta"><time datetime="{published}">{self.published(num):%d/%m/%Y %H:%M}</time> <span class="view">Lượt xem: {vn_number(800 + num % 9000)}</span></div>
<h2 class="sapo">{escape(lead)}</h2>
<div class="detail-content" itemprop="articleBody">
{body}
</div>
<div class="author"><strong>Phóng viên {num % 97}</strong> (TTXVN)</div>
<div class="tags">Từ khóa: <a href="/tu-khoa/kinh-te/">kinh tế</a> <a href="/tu-khoa/dia-phuong/">địa phương</a></div>
</article>
{related}
</main>
<aside class="sidebar">"""]
        size = sum(len(part) for part in out) * 1.15  # about the UTF-8 size
        box = 0
        while size < target * 0.92:
            part = self.link_box(["Đọc nhiều", "Tin mới", "Chuyên đề", "Kinh tế", "Địa phương"][box % 5],
                                 num + 1000 * box, 12, rng)
            out.append(part)
            size += len(part) * 1.15
            box += 1
        script = "".join(SCRIPT_LINE.format(z=rng.randrange(10**6), s=rng.randrange(10**9), p=i)
                         for i in range(max(0, int(target - size) // 130)))
        out.append(f"""</aside></div>
<script>{script}</script>
<footer class="footer">{"".join(f"<p>{escape(line)}</p>" for line in FOOTER)}</footer>
</body>
</html>
""")
        return "".join(out)

    def link_box(self, heading: str, around: int, count: int, rng: random.Random) -> str:
        """A box of story teasers, nested as the TTXVN CMSs print them (figure, heading, meta,
        sapo in wrappers), so that a page's element count, not only its bytes, is a real one's."""
        items = []
        for _ in range(count):
            other = 1 + (around * 7919 + rng.randrange(10**6)) % self.n
            title, path = escape(self.title(other)), self.path(other)
            items.append(
                f'<article class="story" data-id="{other}"><div class="story__wrap">'
                f'<figure class="story__thumb"><a class="cms-link" href="{path}" title="{title}">'
                f'<picture><source type="image/webp" data-srcset="/images/thumb/{other}.webp"/>'
                f'<img class="lazyload" src="/images/blank.gif" data-src="/images/thumb/{other}.jpg" alt="{title}" '
                f'width="240" height="160"/></picture></a></figure>'
                f'<div class="story__body"><h3 class="story__heading"><a class="cms-link" href="{path}" '
                f'title="{title}">{title}</a></h3><div class="story__meta"><span class="cate">'
                f'<a href="/{SECTION}/">Tin tức</a></span><time class="time">{other % 28 + 1:02d}/11/2026</time>'
                f'</div><div class="story__summary"><span>{escape(self.title(other + 1))}</span></div></div>'
                f'</div></article>')
        return (f'<section class="zone"><div class="box-heading"><h3 class="box-title"><span>{heading}</span></h3>'
                f'</div><div class="box-content"><div class="content-list">{"".join(items)}</div></div></section>\n')

    def sitemap_index(self, base: str) -> str:
        count = (self.n + self.per_sitemap - 1) // self.per_sitemap
        items = "".join(f"<sitemap><loc>{base}/sitemaps/sitemap-{k}.xml</loc></sitemap>" for k in range(1, count + 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>\n')

    def sitemap(self, k: int, base: str) -> str | None:
        first = (k - 1) * self.per_sitemap + 1
        if k < 1 or first > self.n:
            return None
        last = min(self.n, first + self.per_sitemap - 1)
        items = "".join(f"<url><loc>{base}{self.path(num)}</loc><lastmod>{self.modified(num).isoformat()}</lastmod></url>\n"
                        for num in range(first, last + 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</urlset>\n')

    def latest(self, count: int) -> range:
        return range(self.n, max(0, self.n - count), -1)

    def rss(self, base: str) -> str:
        items = "".join(f"<item><title>{escape(self.title(num))}</title><link>{base}{self.path(num)}</link>"
                        f"<pubDate>{format_datetime(self.published(num))}</pubDate></item>\n"
                        for num in self.latest(50))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>{SITE_NAME}</title><link>{base}/</link><description>Tin mới</description>\n"
                f"{items}</channel></rss>\n")

    def listing(self, base: str) -> str:
        items = "".join(f'<li><a href="{self.path(num)}">{escape(self.title(num))}</a></li>' for num in self.latest(30))
        return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"/><title>Tin tức | {SITE_NAME}</title></head>'
                f'<body><h1>Tin tức</h1><ul class="list">{items}</ul></body></html>\n')

    def sources(self, base: str, name: str = "benchsite") -> list[dict]:
        """The [[sources]] entry newsmon crawls this site with."""
        return [{"name": name, "label": "Benchmark site", "allowed_domains": ["127.0.0.1"],
                 "feeds": [f"{base}/rss.xml"], "sitemaps": [f"{base}/sitemap.xml"],
                 "listings": [f"{base}/{SECTION}/"], "article_pattern": ARTICLE_PATTERN}]

    def fingerprint(self) -> str:
        """A short id of what the site serves (seed, size, edits), for the report."""
        return hashlib.sha1(repr((self.seed, self.n, sorted(self.revs.items()))).encode()).hexdigest()[:10]
