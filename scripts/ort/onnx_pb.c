/* ONNX protobuf written by hand (onnx_pb.h). Field numbers from onnx.proto. */
#include "onnx_pb.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

void pb_raw(pb *b, const void *d, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 64;
    b->p = realloc(b->p, b->cap);
    if (!b->p) die("out of memory");
  }
  if (n) memcpy(b->p + b->n, d, n);
  b->n += n;
}
void pb_varint(pb *b, uint64_t v) {
  uint8_t t[10];
  size_t k = 0;
  do {
    t[k] = (uint8_t)(v & 0x7f);
    v >>= 7;
    if (v) t[k] |= 0x80;
    ++k;
  } while (v);
  pb_raw(b, t, k);
}
void pb_key(pb *b, int field, int wire) { pb_varint(b, ((uint64_t)field << 3) | (uint64_t)wire); }
void pb_int(pb *b, int field, int64_t v) {
  pb_key(b, field, 0);
  pb_varint(b, (uint64_t)v);
}
void pb_bytes(pb *b, int field, const void *d, size_t n) {
  pb_key(b, field, 2);
  pb_varint(b, n);
  pb_raw(b, d, n);
}
void pb_str(pb *b, int field, const char *s) { pb_bytes(b, field, s, strlen(s)); }
void pb_msg(pb *b, int field, pb *sub) {
  pb_bytes(b, field, sub->p, sub->n);
  free(sub->p);
  memset(sub, 0, sizeof *sub);
}

enum { ATTR_INT = 2 }; /* AttributeProto.AttributeType INT */

void pb_value_info(pb *graph, int field, const char *name, int elem, int rank, const int64_t *dims) {
  pb shape = {0}, tt = {0}, tp = {0}, vi = {0};
  for (int i = 0; i < rank; ++i) {
    pb dim = {0};
    if (dims[i] < 0)
      pb_str(&dim, 2, "N"); /* dim_param */
    else
      pb_int(&dim, 1, dims[i]); /* dim_value */
    pb_msg(&shape, 1, &dim);    /* TensorShapeProto.dim */
  }
  pb_int(&tt, 1, elem);   /* TypeProto.Tensor.elem_type */
  pb_msg(&tt, 2, &shape); /* .shape (empty: a scalar) */
  pb_msg(&tp, 1, &tt);    /* TypeProto.tensor_type */
  pb_str(&vi, 1, name);   /* ValueInfoProto.name */
  pb_msg(&vi, 2, &tp);    /* .type */
  pb_msg(graph, field, &vi);
}

void pb_node(pb *graph, const char *op, const char *const *in, int nin, const char *const *out, int nout,
             const pb_attr_int *attrs, int nattrs) {
  pb nd = {0};
  for (int i = 0; i < nin; ++i) pb_str(&nd, 1, in[i]);
  for (int i = 0; i < nout; ++i) pb_str(&nd, 2, out[i]);
  pb_str(&nd, 3, op); /* name */
  pb_str(&nd, 4, op); /* op_type */
  for (int i = 0; i < nattrs; ++i) {
    pb a = {0};
    pb_str(&a, 1, attrs[i].name);
    pb_int(&a, 3, attrs[i].value); /* i */
    pb_int(&a, 20, ATTR_INT);      /* type */
    pb_msg(&nd, 5, &a);
  }
  pb_msg(graph, 1, &nd); /* GraphProto.node */
}

void pb_initializer(pb *graph, const char *name, int elem, int rank, const int64_t *dims, const void *data,
                    size_t size) {
  pb t = {0};
  for (int i = 0; i < rank; ++i) pb_int(&t, 1, dims[i]); /* dims (none: a scalar) */
  pb_int(&t, 2, elem);                                   /* data_type */
  pb_str(&t, 8, name);                                   /* name */
  pb_bytes(&t, 9, data, size);                           /* raw_data */
  pb_msg(graph, 5, &t);                                  /* GraphProto.initializer */
}

pb pb_model(pb *graph) {
  pb m = {0}, opset = {0};
  pb_int(&m, 1, 10); /* ir_version 10 (ONNX 1.16, opset 21) */
  pb_str(&m, 2, "qrange-ort-compare");
  pb_msg(&m, 7, graph);
  pb_str(&opset, 1, "");
  pb_int(&opset, 2, 21);
  pb_msg(&m, 8, &opset);
  return m;
}
