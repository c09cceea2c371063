// Op codes: the ordinals of the Java enums of the same names (dev.shinso.backend.UnaryOp, BinaryOp,
// ReduceOp, Backend.RandomKind). OpCodesTest reads this file and checks the order.
#pragma once

enum UnaryOp { NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, SIGMOID, TANH, RELU, GELU, STEP, CLAMP, POW, LEAKY_RELU, SIN, COS, GELU_GRAD };

enum BinaryOp { ADD, SUB, MUL, DIV, BPOW, MAX, MIN, RELU_BACKWARD, EQ, NE, LT, LE, GT, GE };

enum ReduceOp { SUM, RMAX, RMIN };

enum RandomKind { UNIFORM, NORMAL, BERNOULLI, INTEGER };
