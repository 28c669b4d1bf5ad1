/*
 * Per-axis and blocked QuantizeLinear / DequantizeLinear (opset 21) through
 * ONNX Runtime against qrange_quantize_axis_* / qrange_dequantize_axis_*,
 * element by element, for uint8, int8, uint16, int16, uint4 and int4.
 */
#ifndef QRANGE_ORT_AXIS_COMPARE_H
#define QRANGE_ORT_AXIS_COMPARE_H

/* Runs every case with each of threads[0 .. nthreads) (ORT intra-op threads
 * and qrange_set_num_threads) and prints a table. Returns 1 when a quantized
 * value or a dequantized float differs (NaN inputs and the padding nibble
 * are reported apart, not counted), or ORT refused a model it was expected
 * to run; else 0. ONNX Runtime must be loaded. */
int run_axis_correctness(const int *threads, int nthreads);

#endif /* QRANGE_ORT_AXIS_COMPARE_H */
