// rabbitmq-c 0.11 as Swift sees it. Variadic calls and union fields get small inline wrappers.
#ifndef STEPWISE_CRABBITMQ_SHIM_H
#define STEPWISE_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/// amqp_login_with_properties is variadic; PLAIN is the only method Stepwise uses.
static inline amqp_rpc_reply_t stepwise_amqp_login_plain(
    amqp_connection_state_t state, const char *vhost, int frame_max, int heartbeat,
    const amqp_table_t *client_properties, const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, 0, frame_max, heartbeat, client_properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/// TCP_CORK on (1) or off (0): while on, the kernel holds partial segments back, so a batch of
/// frames written one by one leaves in full segments; turning it off sends what is held.
static inline int stepwise_cork(int fd, int on) {
    return setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

static inline amqp_table_entry_t stepwise_entry_utf8(amqp_bytes_t key, amqp_bytes_t value) {
    amqp_table_entry_t e; e.key = key; e.value.kind = AMQP_FIELD_KIND_UTF8; e.value.value.bytes = value; return e;
}
static inline amqp_table_entry_t stepwise_entry_i64(amqp_bytes_t key, int64_t value) {
    amqp_table_entry_t e; e.key = key; e.value.kind = AMQP_FIELD_KIND_I64; e.value.value.i64 = value; return e;
}
static inline amqp_table_entry_t stepwise_entry_bool(amqp_bytes_t key, int value) {
    amqp_table_entry_t e; e.key = key; e.value.kind = AMQP_FIELD_KIND_BOOLEAN; e.value.value.boolean = value ? 1 : 0; return e;
}
static inline amqp_table_entry_t stepwise_entry_f64(amqp_bytes_t key, double value) {
    amqp_table_entry_t e; e.key = key; e.value.kind = AMQP_FIELD_KIND_F64; e.value.value.f64 = value; return e;
}

/// The method id and decoded payload of a method frame.
static inline amqp_method_number_t stepwise_frame_method_id(const amqp_frame_t *frame) {
    return frame->frame_type == AMQP_FRAME_METHOD ? frame->payload.method.id : 0;
}
static inline void *stepwise_frame_decoded(const amqp_frame_t *frame) {
    return frame->payload.method.decoded;
}
static inline int64_t stepwise_field_integer(const amqp_field_value_t *v, int *ok) {
    *ok = 1;
    switch (v->kind) {
    case AMQP_FIELD_KIND_I8: return v->value.i8;
    case AMQP_FIELD_KIND_U8: return v->value.u8;
    case AMQP_FIELD_KIND_I16: return v->value.i16;
    case AMQP_FIELD_KIND_U16: return v->value.u16;
    case AMQP_FIELD_KIND_I32: return v->value.i32;
    case AMQP_FIELD_KIND_U32: return v->value.u32;
    case AMQP_FIELD_KIND_I64: return v->value.i64;
    case AMQP_FIELD_KIND_U64: return (int64_t)v->value.u64;
    case AMQP_FIELD_KIND_TIMESTAMP: return (int64_t)v->value.u64;
    default: *ok = 0; return 0;
    }
}

#endif
