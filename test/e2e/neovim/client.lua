-- Headless Neovim (0.7+) as a second LSP client for the Preflight server: opens one file, waits for the pushed
-- diagnostics (0.7 has no pull diagnostics), asks for code actions on the first one, writes both as JSON.
-- Inputs (environment): PREFLIGHT_CMD (JSON array: the server command), PREFLIGHT_FILE, PREFLIGHT_OUT.
local cmd = vim.fn.json_decode(vim.env.PREFLIGHT_CMD)
local file = vim.env.PREFLIGHT_FILE
local out = vim.env.PREFLIGHT_OUT

local function finish(result, code)
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'python'

local received = nil
local client_id = vim.lsp.start_client({
  name = 'preflight',
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ':h'),
  settings = { preflight = { enable = true, run = 'onType' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      if params.uri == vim.uri_from_bufnr(bufnr) and #params.diagnostics > 0 then received = params.diagnostics end
    end,
  },
})
if not client_id then finish({ error = 'the language server did not start' }, 3) end
vim.lsp.buf_attach_client(bufnr, client_id)

if not vim.wait(30000, function() return received ~= nil end, 20) then
  finish({ error = 'no diagnostics within 30 s' }, 4)
end

local first = received[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = first.range,
  context = { diagnostics = { first } },
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
local actions = {}
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do table.insert(actions, action) end
end
vim.lsp.stop_client(client_id)
finish({ diagnostics = received, actions = actions }, 0)
