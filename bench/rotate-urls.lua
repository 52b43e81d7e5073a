-- wrk script: each request takes the next path of the file named by the URLS environment variable (one path with
-- its query a line), round robin, so a pool of tokens shares the load and no token reaches its use limit.
local paths = {}
for line in io.lines(os.getenv("URLS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
