// A plain C client on librabbitmq: the baseline the Swift transport benchmark is measured against.
// Usage: amqp-bench-c URL MESSAGES ROUND_TRIPS IN_FLIGHT
// Prints one line: {"publish_consume_per_s": X, "round_trips_per_s": Y}
// Both workloads are durable: persistent messages, publisher confirms, manual acks.
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static struct amqp_connection_info info;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what, amqp_rpc_reply_t r) {
    if (r.reply_type == AMQP_RESPONSE_NORMAL) return;
    fprintf(stderr, "amqp-bench-c: %s failed (reply type %d, library error %s)\n", what, r.reply_type,
            amqp_error_string2(r.library_error));
    exit(1);
}

static amqp_connection_state_t connect_broker(void) {
    amqp_connection_state_t c = amqp_new_connection();
    amqp_socket_t *s = amqp_tcp_socket_new(c);
    if (amqp_socket_open(s, info.host, info.port) != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp-bench-c: cannot connect to %s:%d\n", info.host, info.port);
        exit(1);
    }
    die("login", amqp_login(c, info.vhost, 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, info.user, info.password));
    amqp_channel_open(c, 1);
    die("channel.open", amqp_get_rpc_reply(c));
    return c;
}

static void declare(amqp_connection_state_t c, const char *queue) {
    amqp_table_entry_t e;
    e.key = amqp_cstring_bytes("x-expires");
    e.value.kind = AMQP_FIELD_KIND_I64;
    e.value.value.i64 = 60000;
    amqp_table_t args = {1, &e};
    amqp_queue_declare(c, 1, amqp_cstring_bytes(queue), 0, 1, 0, 0, args);
    die("queue.declare", amqp_get_rpc_reply(c));
}

static void publish(amqp_connection_state_t c, const char *queue, const char *body, const char *corr) {
    amqp_basic_properties_t p;
    p._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | (corr ? AMQP_BASIC_CORRELATION_ID_FLAG : 0);
    p.delivery_mode = 2;
    if (corr) p.correlation_id = amqp_cstring_bytes(corr);
    if (amqp_basic_publish(c, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, &p, amqp_cstring_bytes(body)) != 0) {
        fprintf(stderr, "amqp-bench-c: publish failed\n");
        exit(1);
    }
}

/// Handles a non-delivery frame: returns how many publishes it confirmed (0 if not an ack).
static uint64_t read_confirm(amqp_connection_state_t c, uint64_t *confirmed_up_to) {
    amqp_frame_t f;
    if (amqp_simple_wait_frame(c, &f) != AMQP_STATUS_OK) { fprintf(stderr, "amqp-bench-c: frame read failed\n"); exit(1); }
    if (f.frame_type != AMQP_FRAME_METHOD) return 0;
    if (f.payload.method.id == AMQP_BASIC_ACK_METHOD) {
        amqp_basic_ack_t *a = f.payload.method.decoded;
        uint64_t before = *confirmed_up_to;
        *confirmed_up_to = a->multiple ? a->delivery_tag : (a->delivery_tag > before ? a->delivery_tag : before);
        return *confirmed_up_to - before;
    }
    if (f.payload.method.id == AMQP_BASIC_NACK_METHOD || f.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD) {
        fprintf(stderr, "amqp-bench-c: broker refused a message\n");
        exit(1);
    }
    return 0;
}

// ---- publish -> consume ----
struct pc_args { const char *queue; long count; };

static void *pc_consumer(void *arg) {
    struct pc_args *a = arg;
    amqp_connection_state_t c = connect_broker();
    amqp_basic_qos(c, 1, 0, 500, 0);
    amqp_basic_consume(c, 1, amqp_cstring_bytes(a->queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    die("basic.consume", amqp_get_rpc_reply(c));
    long got = 0;
    while (got < a->count) {
        amqp_envelope_t env;
        amqp_maybe_release_buffers(c);
        amqp_rpc_reply_t r = amqp_consume_message(c, &env, NULL, 0);
        die("consume", r);
        got++;
        if (got % 50 == 0 || got == a->count) amqp_basic_ack(c, 1, env.delivery_tag, 1);
        amqp_destroy_envelope(&env);
    }
    amqp_connection_close(c, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(c);
    return NULL;
}

static double publish_consume(long count, long window) {
    char queue[64];
    snprintf(queue, sizeof queue, "bench.c.pc.%d", getpid());
    amqp_connection_state_t p = connect_broker();
    declare(p, queue);
    amqp_confirm_select(p, 1);
    die("confirm.select", amqp_get_rpc_reply(p));
    struct pc_args a = {queue, count};
    pthread_t consumer;
    double start = now();
    pthread_create(&consumer, NULL, pc_consumer, &a);
    uint64_t sent = 0, confirmed = 0;
    while (confirmed < (uint64_t)count) {
        while (sent < (uint64_t)count && sent - confirmed < (uint64_t)window) {
            publish(p, queue, "payload-0123456789", NULL);
            sent++;
        }
        read_confirm(p, &confirmed);
    }
    pthread_join(consumer, NULL);
    double elapsed = now() - start;
    amqp_connection_close(p, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(p);
    return count / elapsed;
}

// ---- request / reply ----
struct rr_args { const char *requests, *replies; long count; };

/// The server: consume a request, publish the reply with a confirm, ack the request once confirmed.
static void *rr_server(void *arg) {
    struct rr_args *a = arg;
    amqp_connection_state_t c = connect_broker();
    amqp_confirm_select(c, 1);
    die("confirm.select", amqp_get_rpc_reply(c));
    amqp_basic_qos(c, 1, 0, 200, 0);
    amqp_basic_consume(c, 1, amqp_cstring_bytes(a->requests), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    die("basic.consume", amqp_get_rpc_reply(c));
    uint64_t *request_tag = calloc(a->count + 1, sizeof(uint64_t));
    uint64_t published = 0, confirmed = 0, acked_through = 0;
    long served = 0;
    while (acked_through < (uint64_t)a->count) {
        amqp_envelope_t env;
        amqp_maybe_release_buffers(c);
        amqp_rpc_reply_t r = amqp_consume_message(c, &env, NULL, 0);
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            if (read_confirm(c, &confirmed) > 0 && confirmed > acked_through) {
                amqp_basic_ack(c, 1, request_tag[confirmed], 1);  // replies confirmed: their requests are done
                acked_through = confirmed;
            }
            continue;
        }
        die("consume", r);
        char corr[64] = {0};
        memcpy(corr, env.message.properties.correlation_id.bytes,
               env.message.properties.correlation_id.len < 63 ? env.message.properties.correlation_id.len : 63);
        publish(c, a->replies, "reply-0123456789", corr);
        request_tag[++published] = env.delivery_tag;
        served++;
        amqp_destroy_envelope(&env);
    }
    free(request_tag);
    amqp_connection_close(c, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(c);
    return NULL;
}

static double request_reply(long count, long in_flight) {
    char requests[64], replies[64];
    snprintf(requests, sizeof requests, "bench.c.req.%d", getpid());
    snprintf(replies, sizeof replies, "bench.c.rep.%d", getpid());
    amqp_connection_state_t c = connect_broker();
    declare(c, requests);
    declare(c, replies);
    amqp_confirm_select(c, 1);
    die("confirm.select", amqp_get_rpc_reply(c));
    amqp_basic_qos(c, 1, 0, 500, 0);
    amqp_basic_consume(c, 1, amqp_cstring_bytes(replies), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    die("basic.consume", amqp_get_rpc_reply(c));
    struct rr_args a = {requests, replies, count};
    pthread_t server;
    double start = now();
    pthread_create(&server, NULL, rr_server, &a);
    long sent = 0, done = 0;
    uint64_t confirmed = 0;
    char corr[32];
    while (done < count) {
        while (sent < count && sent - done < in_flight) {
            snprintf(corr, sizeof corr, "%ld", sent);
            publish(c, requests, "request-0123456789", corr);
            sent++;
        }
        amqp_envelope_t env;
        amqp_maybe_release_buffers(c);
        amqp_rpc_reply_t r = amqp_consume_message(c, &env, NULL, 0);
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            read_confirm(c, &confirmed);
            continue;
        }
        die("consume reply", r);
        done++;
        if (done % 50 == 0 || done == count) amqp_basic_ack(c, 1, env.delivery_tag, 1);
        amqp_destroy_envelope(&env);
    }
    double elapsed = now() - start;
    pthread_join(server, NULL);
    amqp_connection_close(c, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(c);
    return count / elapsed;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: amqp-bench-c URL MESSAGES ROUND_TRIPS IN_FLIGHT\n");
        return 2;
    }
    char *url = strdup(argv[1]);
    amqp_default_connection_info(&info);
    if (amqp_parse_url(url, &info) != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp-bench-c: bad URL %s\n", argv[1]);
        return 2;
    }
    if (info.vhost == NULL || info.vhost[0] == 0) info.vhost = "/";  // "amqp://h/" means vhost "/"
    long messages = atol(argv[2]), trips = atol(argv[3]), in_flight = atol(argv[4]);
    double pc = publish_consume(messages, 500);
    double rr = request_reply(trips, in_flight);
    printf("{\"publish_consume_per_s\": %.1f, \"round_trips_per_s\": %.1f}\n", pc, rr);
    return 0;
}
