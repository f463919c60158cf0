"""The commands beside build: new, import-jekyll, status, deploy, glossary --fix; each a thin use of
the packages before it."""
