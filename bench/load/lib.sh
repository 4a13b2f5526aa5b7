# Shared by the load scripts: start the simulator and one Wix.Auth host (Release) wired to each other on loopback.
# Expects the caller's $work, $host, $sim, $sim_dll, $host_dll and $pids (every process started is appended, so the
# caller's EXIT trap stops it), and ConnectionStrings__WixAuth exported. Sets and exports the app's identity and the
# host's configuration, so further hosts the caller starts share them.
# shellcheck shell=bash

wait_http() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  log "nothing answered on $1"; return 1
}

start_simulator_and_host() {
  app_secret=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
  api_key=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
  app_id=$(cat /proc/sys/kernel/random/uuid)

  Simulator__AppId="$app_id" Simulator__AppSecret="$app_secret" \
  Simulator__AppUrl="$host/oauth/install" Simulator__RedirectUrls__0="$host/oauth/callback" \
  Simulator__WebhookUrl="$host/webhooks/wix" Simulator__PublicKeyOutputPath="$work/webhook-public.pem" \
    dotnet "$sim_dll" --urls "$sim" >"$work/simulator.log" 2>&1 &
  pids+=($!)
  wait_http "$sim/_simulator/app"

  export WixAuth__DataProtection__CertificatePath="$work/key-encryption.pfx"
  WixAuth__DataProtection__CertificatePassword=$(head -c 16 /dev/urandom | base64 | tr -d '/+=')
  export WixAuth__DataProtection__CertificatePassword
  dotnet "$host_dll" create-key-certificate "$WixAuth__DataProtection__CertificatePath" >/dev/null
  Wix__PublicKey=$(base64 -w0 <"$work/webhook-public.pem")
  export Wix__PublicKey Wix__AppId="$app_id" Wix__AppSecret="$app_secret" Wix__ApiBaseUrl="$sim" Wix__InstallerBaseUrl="$sim"
  export WixAuth__PublicBaseUrl="$host" WixAuth__ApiKeys__0="$api_key" ASPNETCORE_ENVIRONMENT=Production
  dotnet "$host_dll" --urls "$host" >"$work/host.log" 2>&1 &
  pids+=($!)
  wait_http "$host/readyz"
}
