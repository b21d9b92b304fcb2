"""A bundled, offline imitation of the monitored news sites, for `newsmon demo` and the tests.

``SampleSite`` (site.py) holds the articles and the changes made to them; ``SiteServer``
(server.py) serves it over HTTP on 127.0.0.1 (``python -m crawler.demo.server`` to browse).
The pages copy the markup, URL shapes, dates, encodings and traps of the real sites:

* baotintuc: ASP.NET page, body split in ``#divfirst``/``#divend`` around a video player and
  a GTM ``<noscript>``, HTML named entities (``&agrave;``); feed links carry ``?utm_*``;
  print copies ``-n<id>.htm``; listing pages ``.../trang{n}.htm``; older articles only
  on listing pages 2-3.
* vietnamplus, nhandan ("mcms"): ad slots inside the body, an inline "[...]" link, footer
  legal text in ``<p>``; vietnamplus: sitemap index with a gzipped month, AMP copies, one
  article only in the gzipped sitemap; nhandan: Atom feed, Google News sitemap, print copies,
  a national round-up with one passing mention of Lạng Sơn.
* bnews: the feed is UTF-16LE with a BOM; one article writes "Lang Son" without diacritics;
  one is about Sơn La.
* baolangson: header shows the site's "today" ("Thứ bảy,  28/11/2026"), not the article date;
  leads start "LSO-", the byline ends the body in capitals; one article is served in NFD;
  robots.txt forbids /baolangson/search. change_chrome() and add_article() act here.
* langson-gov: table layout, "A- A A+ | Tăng tương phản ...", rating widget, skip links,
  banner; slugs cut mid-word; old tone placement (hoà, thuỷ, uỷ) in one article.
* thongke: reports with numbered h2/h3 headings and data tables; "thứ sáu - 06/11/2026 05:18".
"""
