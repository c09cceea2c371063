// Op codes: the ordinals of the Java enums of the same names (dev.shinso.backend.UnaryOp, BinaryOp,
// ReduceOp, Backend.RandomKind), which the host passes as ints. OpCodesTest checks that the names
// here are the Java constants in the same order.
#pragma once

namespace UnaryOp {
enum : int { NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, SIGMOID, TANH, RELU, GELU, STEP, CLAMP, POW, LEAKY_RELU, SIN, COS, GELU_GRAD };
}

namespace BinaryOp {
enum : int { ADD, SUB, MUL, DIV, POW, MAX, MIN, RELU_BACKWARD, EQ, NE, LT, LE, GT, GE };
}

namespace ReduceOp {
enum : int { SUM, MAX, MIN };
}

namespace RandomKind {
enum : int { UNIFORM, NORMAL, BERNOULLI, INTEGER };
}
