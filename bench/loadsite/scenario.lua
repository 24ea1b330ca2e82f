-- One wrk scenario for bench/load.py. Every wrk thread holds one connection and acts as one
-- customer (a line of the accounts file: customer_id, login, token), so requests spread over
-- customers as real traffic does (a line: customer_id login token basic-credentials list_id).
-- Arguments after `--`: method, path, body, accounts file,
-- client id. In path and body, {customer_id}, {list_id}, {client_id} and {n} (a per-thread
-- counter) are replaced. "REFRESH" sends the account's token with {"type":"refresh"};
-- "OAUTH" is an agent's login at /dw/oauth2/access_token, the body argument holding its
-- base64 login:password:client_secret.
-- For "CREATE_DELETE" the thread alternates creating an address and deleting it again,
-- moving on when the answer to each has arrived.
-- Each thread is also a client address of its own, as shoppers are: the load balancer in
-- front of the servers names it in X-Forwarded-For (both projects read it there, as
-- production does with NUM_PROXIES=1), so throttles count per shopper, not all of the
-- run's logins in one window that production would have closed after its first few.

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
end

local method, path, body, account, client_id, run, created, address
local n = 1

function init(args)
  method, path, body = args[1], args[2], args[3]
  client_id = args[5]
  address = string.format("10.0.%d.%d", math.floor(index / 250), index % 250 + 1)
  -- Address names unique to this run: a round that stopped between a create and its delete
  -- must not make the next round's create collide with the leftover.
  run = os.time() .. "-" .. index
  if method == "CREATE_DELETE" then
    -- Advance only on an answer: wrk calls request() once on the first thread's state to
    -- check the script, a request it never sends.
    response = function(status)
      if created then
        created, n = nil, n + 1
      elseif status == 200 then
        created = true
      end
    end
  end
  local lines = {}
  for line in io.lines(args[4]) do table.insert(lines, line) end
  local line = lines[((index - 1) % #lines) + 1]
  local customer_id, login, token, basic, list_id = line:match("^(%S+) (%S+) (%S+) (%S+) (%S+)$")
  account = {customer_id = customer_id, login = login, token = token, basic = basic,
             list_id = list_id}
end

local function fill(template)
  local filled = template:gsub("{customer_id}", account.customer_id)
  filled = filled:gsub("{list_id}", account.list_id)
  filled = filled:gsub("{client_id}", client_id)
  return (filled:gsub("{n}", tostring(n)))
end

function request()
  local headers = {["x-dw-client-id"] = client_id, ["Content-Type"] = "application/json",
                   ["X-Forwarded-For"] = address}
  headers["Authorization"] = "Bearer " .. account.token
  if method == "CREDENTIALS" then
    headers["Authorization"] = "Basic " .. account.basic
    return wrk.format("POST", fill(path), headers, '{"type":"credentials"}')
  end
  if method == "REFRESH" then
    return wrk.format("POST", fill(path), headers, '{"type":"refresh"}')
  end
  if method == "OAUTH" then
    headers["Authorization"] = "Basic " .. body
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", fill(path), headers,
      "grant_type=urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken")
  end
  if method == "CREATE_DELETE" then
    local name = "bench-" .. run .. "-" .. n
    if not created then
      return wrk.format("POST", fill(path), headers,
        '{"address_id":"' .. name .. '","last_name":"Load","city":"Boston","country_code":"US"}')
    end
    return wrk.format("DELETE", fill(path) .. "/" .. name, headers)
  end
  if method == "GUEST" then
    headers["Authorization"] = nil
    return wrk.format("POST", fill(path), headers, '{"type":"guest"}')
  end
  return wrk.format(method, fill(path), headers, body ~= "" and fill(body) or nil)
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
