-- A real editor against `movebook lsp`: Neovim 0.7's own LSP client (no plugins).
--
-- Run by tests/editors/neovim.sh as
--   MOVEBOOK_BIN=... MOVEBOOK_SITE=... nvim --headless --clean -u NONE -c 'luafile neovim_fix.lua'
-- The site's content/exercises/glute-bridge.md has `target_muscles: [gluteus-maximu]` on disk.
-- The script opens it, waits for the `unknown-ref` diagnostic on that line, asks for code
-- actions with that diagnostic, applies the "gluteus-maximus" quickfix with Neovim's own
-- vim.lsp.util.apply_workspace_edit, writes the file, waits for the diagnostic to go away and
-- stops the server (which must exit 0). Any failure or timeout ends Neovim with `cquit 1`.
--
-- Neovim 0.7: vim.lsp.start_client + buf_attach_client (no vim.lsp.start), no code-action
-- `apply`, offset encoding utf-16.

local bin = os.getenv('MOVEBOOK_BIN')
local site = os.getenv('MOVEBOOK_SITE')
local WAIT_MS = tonumber(os.getenv('MOVEBOOK_WAIT_MS') or '20000')

local function say(fmt, ...)
  io.stdout:write('neovim: ' .. string.format(fmt, ...) .. '\n')
  io.stdout:flush()
end

local function fail(fmt, ...)
  io.stderr:write('neovim: FAIL: ' .. string.format(fmt, ...) .. '\n')
  io.stderr:flush()
  vim.cmd('cquit 1')
end

-- Every publishDiagnostics as the server sent it (before Neovim converts it), for the log.
local published = {}
local server_exit = nil
local server_log = {}

local function main()
  if not bin or not site then
    return fail('MOVEBOOK_BIN and MOVEBOOK_SITE must be set')
  end
  local page = site .. '/content/exercises/glute-bridge.md'
  say('%s', vim.version and ('NVIM v' .. vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) or 'NVIM')
  say('server: %s lsp, root %s', bin, site)

  vim.cmd('edit ' .. vim.fn.fnameescape(page))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)

  local lnum = nil -- 0-based line of target_muscles
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match('^target_muscles:') then
      lnum = i - 1
      say('line %d: %s', i, line)
      break
    end
  end
  if lnum == nil then
    return fail('no target_muscles line in %s', page)
  end

  local client_id = vim.lsp.start_client({
    name = 'movebook',
    cmd = { bin, 'lsp' },
    root_dir = site,
    get_language_id = function() return 'markdown' end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          table.insert(published, result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
      ['window/logMessage'] = function(_, result)
        if result and result.message then
          table.insert(server_log, result.message)
        end
      end,
    },
    on_exit = function(code, signal)
      server_exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    return fail('vim.lsp.start_client did not start %s', bin)
  end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    return fail('vim.lsp.buf_attach_client failed')
  end

  local function unknown_refs()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
      if d.code == 'unknown-ref' then
        table.insert(out, d)
      end
    end
    return out
  end

  -- 1. The diagnostic.
  local ok = vim.wait(WAIT_MS, function()
    return server_exit ~= nil or #unknown_refs() > 0
  end, 50)
  if server_exit then
    return fail('the server exited (code %s, signal %s) before any diagnostic', server_exit.code, server_exit.signal)
  end
  if not ok then
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(seen, string.format('line %d %s: %s', d.lnum + 1, tostring(d.code), d.message))
    end
    return fail('no unknown-ref diagnostic on line %d within %d ms; %d publishDiagnostics for the page; diagnostics: %s; server log: %s',
      lnum + 1, WAIT_MS, #published, vim.inspect(seen), vim.inspect(server_log))
  end
  local diag = unknown_refs()[1]
  say('diagnostic: line %d col %d-%d, code %s, severity %s, source %s, message "%s"',
    diag.lnum + 1, diag.col, diag.end_col, tostring(diag.code), tostring(diag.severity), tostring(diag.source), (diag.message:gsub('\n', ' | ')))
  local raw = published[#published]
  if raw then
    for _, d in ipairs(raw.diagnostics or {}) do
      if d.code == 'unknown-ref' then
        say('as sent: version %s, range %s, data %s', tostring(raw.version), vim.inspect(d.range, { newline = ' ', indent = '' }),
          vim.inspect(d.data, { newline = ' ', indent = '' }))
      end
    end
  end

  -- 2. The code actions for that diagnostic's range, with it in the context (as Neovim's own
  -- vim.lsp.buf.code_action does: get_line_diagnostics turns them back into LSP diagnostics).
  local lsp_diags = {}
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum, nil, client_id)) do
    if d.code == 'unknown-ref' then
      table.insert(lsp_diags, d)
    end
  end
  local params = {
    textDocument = { uri = uri },
    range = lsp_diags[1].range,
    context = { diagnostics = lsp_diags },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  if not responses then
    return fail('textDocument/codeAction: %s', tostring(err))
  end
  local resp = responses[client_id]
  if not resp then
    return fail('textDocument/codeAction: no answer from the server within 10 s')
  end
  if resp.error then
    return fail('textDocument/codeAction error: %s', vim.inspect(resp.error))
  end
  local actions = resp.result or {}
  local chosen = nil
  for _, a in ipairs(actions) do
    say('code action: %q (kind %s%s)', tostring(a.title), tostring(a.kind), a.isPreferred and ', preferred' or '')
    if chosen == nil and type(a.title) == 'string' and a.title:find('gluteus-maximus', 1, true)
        and a.kind == 'quickfix' and a.edit then
      chosen = a
    end
  end
  if not chosen then
    return fail('no quickfix whose title names gluteus-maximus among %d actions: %s', #actions, vim.inspect(actions))
  end
  say('applying %q', chosen.title)

  -- 3. Neovim applies the edit itself, then writes the file (didChange, didSave).
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  local fixed = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1]
  say('line %d now: %s', lnum + 1, fixed)
  if fixed ~= 'target_muscles: [gluteus-maximus]' then
    return fail('after the edit the line reads %q', fixed)
  end
  vim.api.nvim_set_current_buf(bufnr)
  vim.cmd('silent write')

  -- 4. The diagnostic goes away.
  ok = vim.wait(WAIT_MS, function()
    return server_exit ~= nil or #unknown_refs() == 0
  end, 50)
  if server_exit then
    return fail('the server exited (code %s, signal %s) after the fix', server_exit.code, server_exit.signal)
  end
  if not ok then
    return fail('the unknown-ref diagnostic was still there %d ms after the fix: %q', WAIT_MS, unknown_refs()[1].message)
  end
  local last = published[#published]
  say('diagnostic gone (last publishDiagnostics for the page: version %s, %d diagnostics)',
    last and tostring(last.version) or '?', last and #(last.diagnostics or {}) or -1)
  local left = vim.diagnostic.get(bufnr)
  for _, d in ipairs(left) do
    say('left on the page: line %d %s: %s', d.lnum + 1, tostring(d.code), d.message)
  end

  -- 5. shutdown + exit: the server must exit 0.
  vim.lsp.stop_client(client_id)
  ok = vim.wait(10000, function() return server_exit ~= nil end, 50)
  if not ok then
    return fail('the server did not exit within 10 s of shutdown/exit')
  end
  if server_exit.code ~= 0 or (server_exit.signal or 0) ~= 0 then
    return fail('the server exited with code %s, signal %s after shutdown/exit', server_exit.code, server_exit.signal)
  end
  say('server exited 0')
  vim.cmd('qa!')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail('error in the test script: %s', tostring(err))
end
