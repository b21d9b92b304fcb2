"""newsmon's benchmark: a synthetic news site, crawled end to end; `python -m bench -h`."""
