-- Run after the init.lua of docs/editors.md has opened LEARNSUM_SUMMARY: waits for learnsum's
-- diagnostics and writes them as JSON to LEARNSUM_OUT.
local bufnr = vim.api.nvim_get_current_buf()
vim.wait(30000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 50)
local seen = { filetype = vim.bo[bufnr].filetype, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(seen.diagnostics, { line = d.lnum, col = d.col, code = code })
end
vim.fn.writefile({ vim.fn.json_encode(seen) }, vim.env.LEARNSUM_OUT)
vim.cmd("qa!")
