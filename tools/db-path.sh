#!/usr/bin/env bash
# Opens, before `pulumi up`, the path to every database the stack reaches through a tunnel; closes it after.
#
#   tools/db-path.sh open  [--stack NAME | --stack-file PATH] [--outputs FILE]
#   tools/db-path.sh close
#
# open  reads how each database is reached from the stack file (`npm run db-paths`, which also carries the
#       rules' timeouts and names) and where its server is from the stack's `databaseAccess` output (FILE,
#       written by `pulumi stack output databaseAccess --json`; absent or `{}` before the first deploy):
#         tunnel  runs the access task (ECS Exec enabled), then one SSM port-forwarding session per database
#                 (AWS-StartPortForwardingSessionToRemoteHost) listening on 127.0.0.1:<localPort>, each in a
#                 process group of its own; waits for the port, then checks the server's certificate
#                 against the RDS CA bundle (verify-ca: the name in it is the endpoint's, not 127.0.0.1).
#                 A database whose server does not exist yet (first deploy) is reported as bootstrap.
#         runner  checks that this job runs on a self-hosted runner and reaches the endpoint (verify-full).
#         direct  nothing to open (a vendor's server).
#         none    fails: the stack does not say how `pulumi up` reaches a private database.
#       On any failure it closes what it opened before exiting non-zero, so nothing is left running.
# close kills every session it started (the whole process group) and stops the access task. Safe when open
#       failed or never ran: the workflows run it with `if: always()`.
#
# Writes `bootstrap=true|false` and `tunnels=<names>` to $GITHUB_OUTPUT when set. Never prints a secret:
# it handles endpoints, ports and certificates only.
#
# Environment:
#   OPSBOOK_DB_PATH_STATE  state directory (pids, task); default $RUNNER_TEMP/opsbook-db-path
#   OPSBOOK_DB_CA_BUNDLE   the CA bundle; default <project>/.opsbook/rds-global-bundle.pem, downloaded if absent
#   OPSBOOK_DB_FORWARDER   a command run as `<command> LOCAL_PORT HOST PORT` in place of the access task and
#                          the SSM session (the tests' stand-in for the session)
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${OPSBOOK_DB_PATH_STATE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/opsbook-db-path}"

log() { printf 'db-path: %s\n' "$*" >&2; }
# A GitHub annotation as well as a log line: the reason shows on the run's summary.
error() { printf '::error title=database path::%s\n' "$*" >&2; }
output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s\n' "$1" >>"$GITHUB_OUTPUT"; fi; }

# Is something listening on HOST:PORT?
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Ends a process group: TERM, up to 5 s to go, then KILL.
stop_group() {
    local pid=$1
    kill -0 -- "-$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

cmd_close() {
    [ -d "$STATE" ] || {
        log "nothing to close"
        return 0
    }
    local file status=0
    for file in "$STATE"/session-*.pid; do
        [ -e "$file" ] || continue
        stop_group "$(cat "$file")"
        log "closed the session of database $(basename "$file" .pid | sed 's/^session-//')"
        rm -f "$file"
    done
    if [ -s "$STATE/task" ]; then
        local cluster task
        read -r cluster task <"$STATE/task"
        if aws ecs stop-task --cluster "$cluster" --task "$task" --reason "pulumi up finished" \
            --query 'task.lastStatus' --output text >/dev/null; then
            log "stopped the access task"
        else
            error "could not stop the access task $task; it stops by itself at the end of its lifetime"
            status=1
        fi
    fi
    rm -rf "$STATE"
    return "$status"
}

# The access task: run it, wait for its ECS Exec agent, print the session target.
start_target() {
    local cluster=$1 family=$2 subnets=$3 group=$4 timeout=$5 task taskid runtime agent tool
    for tool in aws session-manager-plugin; do
        if ! command -v "$tool" >/dev/null; then
            error "$tool is not installed: a tunnel needs the AWS CLI and the Session Manager plugin"
            return 1
        fi
    done
    task=$(aws ecs run-task --cluster "$cluster" --task-definition "$family" --launch-type FARGATE \
        --enable-execute-command --count 1 --started-by "opsbook-db-path" \
        --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$group],assignPublicIp=DISABLED}" \
        --query 'tasks[0].taskArn' --output text)
    if [ -z "$task" ] || [ "$task" = "None" ]; then
        error "the access task $family did not start in cluster $cluster"
        return 1
    fi
    printf '%s %s\n' "$cluster" "$task" >"$STATE/task"
    log "started the access task ${task##*/}; waiting for its ECS Exec agent"
    local deadline=$((SECONDS + timeout))
    while :; do
        read -r agent runtime < <(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
            --query 'tasks[0].containers[0].[managedAgents[?name==`ExecuteCommandAgent`].lastStatus | [0], runtimeId]' \
            --output text)
        [ "$agent" = "RUNNING" ] && break
        if [ "$SECONDS" -ge "$deadline" ]; then
            error "the access task's ECS Exec agent is not running after ${timeout} s (status: ${agent:-none}); do the private subnets reach the SSM endpoints over HTTPS?"
            return 1
        fi
        sleep 5
    done
    taskid=${task##*/}
    printf 'ecs:%s_%s_%s\n' "$cluster" "$taskid" "$runtime"
}

# One session: started in its own process group, recorded, then waited for and checked.
open_session() {
    local name=$1 host=$2 port=$3 local_port=$4 target=$5 bundle=$6 timeout=$7 localhost=$8 document=$9
    if listening "$localhost" "$local_port"; then
        error "database $name: local port $local_port is already in use; free it or set databases.$name.access.localPort"
        return 1
    fi
    local session_log="$STATE/session-$name.log"
    if [ -n "${OPSBOOK_DB_FORWARDER:-}" ]; then
        local -a forwarder
        read -r -a forwarder <<<"$OPSBOOK_DB_FORWARDER"
        setsid "${forwarder[@]}" "$local_port" "$host" "$port" >"$session_log" 2>&1 </dev/null &
    else
        setsid aws ssm start-session --target "$target" --document-name "$document" \
            --parameters "{\"host\":[\"$host\"],\"portNumber\":[\"$port\"],\"localPortNumber\":[\"$local_port\"]}" \
            >"$session_log" 2>&1 </dev/null &
    fi
    local pid=$!
    echo "$pid" >"$STATE/session-$name.pid"
    local deadline=$((SECONDS + timeout))
    until listening "$localhost" "$local_port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            error "database $name: the session ended before it listened on $local_port: $(tail -n 3 "$session_log" | tr '\n' ' ')"
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            error "database $name: nothing listens on $localhost:$local_port after ${timeout} s"
            return 1
        fi
        sleep 0.2
    done
    # The provider will check the chain against the RDS CA (verify-ca); check the same now, before pulumi up.
    if ! timeout 30 openssl s_client -starttls postgres -connect "$localhost:$local_port" \
        -CAfile "$bundle" -verify_return_error -brief </dev/null >"$STATE/tls-$name.log" 2>&1; then
        error "database $name: the server behind $localhost:$local_port has no certificate the CA bundle verifies: $(grep -m1 -i 'verify\|error' "$STATE/tls-$name.log" || true)"
        return 1
    fi
    log "database $name: $localhost:$local_port → $host:$port, TLS verified against the CA bundle"
}

# A runner inside the VPC connects to the endpoint itself; check it can, and the name in the certificate.
check_runner() {
    local name=$1 host=$2 port=$3 bundle=$4
    if [ "${RUNNER_ENVIRONMENT:-}" = "github-hosted" ]; then
        error "database $name is reached from a self-hosted runner inside the VPC (access.via runner), but this job runs on a GitHub-hosted runner: set the repository variable OPSBOOK_DB_RUNNER to that runner's label"
        return 1
    fi
    [ -n "$host" ] || {
        log "database $name: no server yet (first deploy); pulumi up creates it"
        return 0
    }
    if ! timeout 30 openssl s_client -starttls postgres -connect "$host:$port" -CAfile "$bundle" \
        -verify_return_error -verify_hostname "$host" -brief </dev/null >"$STATE/tls-$name.log" 2>&1; then
        error "database $name: this runner does not reach $host:$port with a verified certificate: $(grep -m1 -i 'verify\|error\|connect' "$STATE/tls-$name.log" || true)"
        return 1
    fi
    log "database $name: reached directly at $host:$port, TLS verified (name and chain)"
}

ensure_bundle() {
    local bundle=$1 url=$2
    [ -s "$bundle" ] && return 0
    mkdir -p "$(dirname "$bundle")"
    log "downloading the RDS CA bundle from $url"
    curl --fail --silent --show-error --location --proto '=https' --output "$bundle" "$url"
}

cmd_open() {
    local -a stack_args=()
    local outputs_file=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --stack | --stack-file)
                stack_args+=("$1" "$2")
                shift 2
                ;;
            --outputs)
                outputs_file=$2
                shift 2
                ;;
            *)
                error "$1: is not an option; expected --stack, --stack-file or --outputs"
                return 2
                ;;
        esac
    done
    # Whatever happens from here, a failed open leaves nothing running.
    trap 'status=$?; if [ "$status" -ne 0 ]; then cmd_close || true; fi; exit "$status"' EXIT
    mkdir -p "$STATE"

    local paths outputs="{}"
    if ! paths=$(cd "$ROOT" && npm run --silent db-paths -- "${stack_args[@]}"); then
        error "the stack file is invalid (problems above); nothing was opened"
        return 1
    fi
    if [ -n "$outputs_file" ] && [ -s "$outputs_file" ]; then outputs=$(cat "$outputs_file"); fi

    # One line per database: name via localPort endpoint port cluster task subnets group advisory.
    local rows settings
    rows=$(node -e '
        const [paths, outputs] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2] || "{}")];
        for (const d of paths.databases) {
            const o = outputs[d.name] ?? {};
            const known = typeof o.endpoint === "string" && o.endpoint.length > 0;
            console.log([d.name, d.via ?? "none", d.localPort ?? "-", known ? o.endpoint : "-",
                o.port ?? 5432, o.cluster ?? "-", o.taskDefinition ?? "-", (o.subnets ?? []).join(",") || "-",
                o.securityGroup ?? "-", (d.advisory ?? "-").replace(/\s+/g, " ")].join("\t"));
        }' "$paths" "$outputs") || {
        error "the databaseAccess output is not JSON; expected the output of pulumi stack output databaseAccess --json"
        return 1
    }
    settings=$(node -e '
        const s = JSON.parse(process.argv[1]).settings;
        console.log([s.localHost, s.document, s.caBundlePath, s.caBundleUrl, s.startTimeoutSeconds,
            s.openTimeoutSeconds].join("\t"));' "$paths")
    local localhost document bundle_path bundle_url start_timeout open_timeout
    IFS=$'\t' read -r localhost document bundle_path bundle_url start_timeout open_timeout <<<"$settings"
    local bundle="${OPSBOOK_DB_CA_BUNDLE:-$ROOT/$bundle_path}"

    local -a problems=() tunnels=() bootstrap=() runners=()
    local name via local_port host port cluster family subnets group advisory
    while IFS=$'\t' read -r name via local_port host port cluster family subnets group advisory; do
        [ -n "$name" ] || continue
        case "$via" in
            none) problems+=("$advisory") ;;
            direct) log "database $name: direct (reachable from any runner)" ;;
            runner) runners+=("$name $host $port") ;;
            tunnel)
                if [ "$host" = "-" ] || [ "$cluster" = "-" ]; then
                    bootstrap+=("$name")
                else
                    tunnels+=("$name $host $port $local_port $cluster $family $subnets $group")
                fi
                ;;
        esac
    done <<<"$rows"

    if [ ${#problems[@]} -gt 0 ]; then
        local problem
        for problem in "${problems[@]}"; do error "$problem"; done
        return 1
    fi
    if [ ${#runners[@]} -gt 0 ] || [ ${#tunnels[@]} -gt 0 ]; then ensure_bundle "$bundle" "$bundle_url"; fi
    local entry
    for entry in "${runners[@]}"; do
        read -r name host port <<<"$entry"
        [ "$host" = "-" ] && host=""
        check_runner "$name" "$host" "$port" "$bundle"
    done

    local target="" opened=()
    for entry in "${tunnels[@]}"; do
        read -r name host port local_port cluster family subnets group <<<"$entry"
        if [ -z "$target" ] && [ -z "${OPSBOOK_DB_FORWARDER:-}" ]; then
            target=$(start_target "$cluster" "$family" "$subnets" "$group" "$start_timeout")
        fi
        open_session "$name" "$host" "$port" "$local_port" "$target" "$bundle" "$open_timeout" \
            "$localhost" "$document"
        opened+=("$name")
    done
    for name in "${bootstrap[@]}"; do
        log "database $name: its server and access task do not exist yet (first deploy); pulumi up creates them, then the path opens"
    done

    output "bootstrap=$([ ${#bootstrap[@]} -gt 0 ] && echo true || echo false)"
    output "tunnels=$(
        IFS=,
        echo "${opened[*]}"
    )"
    trap - EXIT
}

case "${1:-}" in
    open)
        shift
        cmd_open "$@"
        ;;
    close) cmd_close ;;
    *)
        echo "usage: tools/db-path.sh open [--stack NAME | --stack-file PATH] [--outputs FILE] | close" >&2
        exit 2
        ;;
esac
