"""The live preview: the HTTP server, file watching, rebuilds through build, live reload. Imports build
and everything before it."""
