/*
 * ONNX models written by hand in protobuf wire format: the few messages and
 * fields of onnx.proto that the comparison drivers need (ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
 * TypeProto, TensorShapeProto).
 */
#ifndef QRANGE_ORT_ONNX_PB_H
#define QRANGE_ORT_ONNX_PB_H

#include <stddef.h>
#include <stdint.h>

/* A growing byte buffer holding one encoded message. */
typedef struct pb {
  uint8_t *p;
  size_t n, cap;
} pb;

void pb_raw(pb *b, const void *d, size_t n);
void pb_varint(pb *b, uint64_t v);
void pb_key(pb *b, int field, int wire);
void pb_int(pb *b, int field, int64_t v);
void pb_bytes(pb *b, int field, const void *d, size_t n);
void pb_str(pb *b, int field, const char *s);
/* Appends sub as a length-delimited field and frees it. */
void pb_msg(pb *b, int field, pb *sub);

/* TensorProto.DataType (the same numbers as ONNX Runtime's
 * ONNXTensorElementDataType). 4-bit types are packed two per byte, element
 * 2k in the low nibble. */
enum {
  ONNX_FLOAT = 1,
  ONNX_UINT8 = 2,
  ONNX_INT8 = 3,
  ONNX_UINT16 = 4,
  ONNX_INT16 = 5,
  ONNX_UINT4 = 21,
  ONNX_INT4 = 22
};

/* GraphProto fields for ValueInfoProto lists. */
enum { PB_GRAPH_INPUT = 11, PB_GRAPH_OUTPUT = 12 };

/* An integer attribute of a node. */
typedef struct pb_attr_int {
  const char *name;
  int64_t value;
} pb_attr_int;

/* ValueInfoProto in graph field `field`: a tensor of type elem with `rank`
 * dimensions dims[0 .. rank); a negative dims[i] is the symbolic dim "N".
 * Rank 0 (dims may be NULL) is a scalar. */
void pb_value_info(pb *graph, int field, const char *name, int elem, int rank, const int64_t *dims);

/* NodeProto of the default domain, named after its op_type. */
void pb_node(pb *graph, const char *op, const char *const *in, int nin, const char *const *out, int nout,
             const pb_attr_int *attrs, int nattrs);

/* An initializer: TensorProto with dims[0 .. rank) and raw_data (size bytes,
 * little-endian; 4-bit types packed). */
void pb_initializer(pb *graph, const char *name, int elem, int rank, const int64_t *dims, const void *data,
                    size_t size);

/* ModelProto around graph (freed): IR version 10, default domain opset 21. */
pb pb_model(pb *graph);

#endif /* QRANGE_ORT_ONNX_PB_H */
