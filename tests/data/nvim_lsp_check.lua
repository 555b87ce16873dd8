-- Neovim (0.7 or later, headless) as a real client of `learnsum lsp`: opens the summary named by
-- LEARNSUM_SUMMARY, waits for the diagnostics, asks for completion at LEARNSUM_COMPLETE_AT
-- ("line,character", 0-based), applies the quick fix for the misspelt theme, and writes what
-- it saw as JSON to LEARNSUM_OUT.
local out = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.LEARNSUM_OUT)
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.LEARNSUM_SUMMARY))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "learnsum",
    cmd = { vim.env.LEARNSUM_PYTHON, "-m", "learnsum", "lsp" },
    root_dir = vim.fn.fnamemodify(vim.env.LEARNSUM_SUMMARY, ":h"),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function lsp_code(d)
    if d.code ~= nil then return d.code end
    if d.user_data and d.user_data.lsp then return d.user_data.lsp.code end
    return nil
  end
  local function seen()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(list, { line = d.lnum, col = d.col, end_col = d.end_col, code = lsp_code(d),
                           message = d.message, severity = d.severity })
    end
    return list
  end

  vim.wait(30000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 50)
  out.diagnostics = seen()

  local line, character = vim.env.LEARNSUM_COMPLETE_AT:match("(%d+),(%d+)")
  local uri = vim.uri_from_bufnr(bufnr)
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", {
    textDocument = { uri = uri },
    position = { line = tonumber(line), character = tonumber(character) },
  }, 10000) or {}
  out.completion = {}
  for _, response in pairs(responses) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(out.completion, item.label) end
  end

  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if lsp_code(d) == "unknown-theme" then
      local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
        textDocument = { uri = uri },
        range = { start = { line = d.lnum, character = d.col },
                  ["end"] = { line = d.end_lnum, character = d.end_col } },
        context = { diagnostics = { {
          range = { start = { line = d.lnum, character = d.col },
                    ["end"] = { line = d.end_lnum, character = d.end_col } },
          message = d.message, code = "unknown-theme", source = "learnsum", severity = 1,
        } } },
      }, 10000) or {}
      for _, response in pairs(actions) do
        for _, action in ipairs(response.result or {}) do
          if action.title:find("Change to", 1, true) then
            out.applied = action.title
            vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
          end
        end
      end
    end
  end
  vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if lsp_code(d) == "unknown-theme" then return false end
    end
    return true
  end, 50)
  out.after = seen()
  out.text = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
if not ok then out.error = tostring(err) end
finish()
