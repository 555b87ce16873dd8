"""`learnsum lsp`: every check of `learnsum validate` as the author types, in any editor.

`analysis` holds what the server knows (diagnostics, completion, hover, code actions) as plain
functions over a file's text, built on the validate pipeline; `server` wires them to the
Language Server Protocol with pygls. Neither is imported by any other command.
"""
