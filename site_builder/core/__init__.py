"""The ground every stage stands on: the site's Config (site.yaml), Problem and its printing, the one place a
baseurl is joined (urls), YAML with line marks, and running git. Imports nothing of site_builder."""
