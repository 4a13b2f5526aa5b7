-- wrk: POST with the API key (from the environment) and an empty body, as the app's services call the token API.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WIXAUTH_BENCH_API_KEY") or "")
wrk.headers["Content-Length"] = "0"
