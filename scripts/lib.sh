# Shared by scripts/dev and scripts/test: install what Stepwise needs and start its services.
# Idempotent: safe to run again on a machine where everything is installed and running.
set -euo pipefail

STEPWISE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[stepwise] %s\n' "$*" >&2; }

# Debian packages: the broker, the C client library, jemalloc, PostgreSQL, pkg-config, pip, openssl (test CA),
# and any named as arguments (scripts/test adds the headless browser).
install_system_packages() {
    local need=()
    for p in rabbitmq-server librabbitmq-dev libjemalloc-dev postgresql pkg-config python3-pip openssl systemd iproute2 $*; do
        dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
    done
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]} with apt-get"
        local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

# One more Debian package, for benchmarks (wrk, curl).
apt_install() {
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Python clients the tests and benchmarks drive Stepwise with (and any modules named as arguments).
install_python_packages() {
    local modules="boto3 awscli${*:+ $*}"
    python3 -c "import ${modules// /, }" >/dev/null 2>&1 && return 0
    log "installing $modules with pip"
    python3 -m pip install -q $modules 2>/dev/null || python3 -m pip install -q --break-system-packages $modules
}

# A throwaway CA and a server certificate for localhost/127.0.0.1, and a RabbitMQ config file
# that adds a TLS listener on TLS_PORT. Prints the config file's path.
make_test_tls() {
    local tls_port="$1" dir=/etc/rabbitmq/stepwise-test-tls
    mkdir -p "$dir"
    if [ ! -s "$dir/server.pem" ]; then
        log "making a test CA and broker certificate in $dir"
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=stepwise-test-ca" \
            -keyout "$dir/ca.key" -out "$dir/ca.pem" >/dev/null 2>&1
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
            -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
            -days 3650 -extfile "$dir/san.ext" -out "$dir/server.pem" >/dev/null 2>&1
        chmod 644 "$dir"/*.pem "$dir/server.key"
    fi
    cat > "$dir/fault-node.conf" <<CONF
listeners.ssl.default = 127.0.0.1:$tls_port
ssl_options.cacertfile = $dir/ca.pem
ssl_options.certfile = $dir/server.pem
ssl_options.keyfile = $dir/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
CONF
    echo "$dir/fault-node.conf"
}

# start_rabbitmq NODE PORT [CONFIG_FILE]: a RabbitMQ node of its own (data under /var/lib/rabbitmq/mnesia/NODE).
start_rabbitmq() {
    local node="$1" port="$2" config="${3:-}"
    if rabbitmqctl -q -n "$node" status >/dev/null 2>&1; then
        rabbitmqctl -q -n "$node" start_app >/dev/null 2>&1 || true
        return 0
    fi
    # A broker the system already runs on this port (apt's service on a machine with systemd) will do.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        log "RabbitMQ already listening on 127.0.0.1:$port"
        return 0
    fi
    log "starting RabbitMQ node $node on 127.0.0.1:$port"
    local extra=()
    [ -z "$config" ] || extra=("RABBITMQ_CONFIG_FILE=$config")
    # The default soft limit of 1,024 files is too few: every vhost has message stores and every
    # quorum queue a log, and once RabbitMQ's file handle cache runs out, queue operations wait
    # for a handle for ever. Debian's wrapper starts the node through su, whose PAM session resets
    # the limit, so as root the node is started as rabbitmq with the limit raised to the hard one
    # (systemd's unit sets 65,536 the same way).
    local launch=(rabbitmq-server -detached)
    if [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then
        launch=(su rabbitmq -s /bin/sh -c 'cd /var/lib/rabbitmq && ulimit -n "$(ulimit -Hn)" && exec /usr/lib/rabbitmq/bin/rabbitmq-server -detached')
    fi
    env RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT="$port" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_DIST_PORT=$((port + 20000)) "${extra[@]}" "${launch[@]}" >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 120); do
        if rabbitmqctl -q -n "$node" await_startup --timeout 2 >/dev/null 2>&1; then
            log "RabbitMQ $node is up"
            return 0
        fi
        sleep 1
    done
    log "RabbitMQ node $node did not start; see /var/log/rabbitmq/"
    return 1
}

# PostgreSQL from Debian, with user postgres / password postgres on 127.0.0.1:5432.
start_postgres() {
    local version cluster
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    if ! pg_lsclusters -h | grep -q .; then
        pg_createcluster "$version" main >/dev/null
    fi
    cluster=$(pg_lsclusters -h | head -1 | awk '{print $1" "$2}')
    # The tests run many stores and coordinator processes at once, each with a connection pool.
    local conf="/etc/postgresql/${cluster// //}/conf.d/stepwise.conf"
    if [ ! -f "$conf" ]; then
        printf 'max_connections = 500\n' > "$conf"
        pg_lsclusters -h | head -1 | grep -q online && pg_ctlcluster $cluster restart
    fi
    if ! pg_lsclusters -h | head -1 | grep -q online; then
        log "starting PostgreSQL $cluster"
        pg_ctlcluster $cluster start
    fi
    local i
    for i in $(seq 1 60); do
        if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
        sleep 1
    done
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='stepwise_test'\"" | grep -q 1 \
        || su postgres -c "createdb stepwise_test"
    log "PostgreSQL is up (postgres://postgres:postgres@127.0.0.1:5432/stepwise_test)"
}
