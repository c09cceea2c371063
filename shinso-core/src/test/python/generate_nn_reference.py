#!/usr/bin/env python3
"""Writes the PyTorch reference values for shinso's nn layers and losses.

Run from the repository root with PyTorch 1.13 (Debian's python3-torch):
    /usr/bin/python3 shinso-core/src/test/python/generate_nn_reference.py
It writes shinso-core/src/test/resources/reference/nn_*.json. Each file is a list of cases:
    name, module (the class), config (constructor settings), train (mode),
    inputs   {name: tensor}      the forward's arguments ("input", and "target" for losses)
    state    {key: tensor}       the state dict loaded before the forward (parameters and buffers)
    output   tensor              the forward's result
    probe    tensor              a random w of the output's shape
    grads    {name: tensor}      d sum(output * w) / d (each float input and each parameter)
    state_after {key: tensor}    the buffers after the forward (batch norm's running statistics)
A tensor is {"dtype": "float32" | "int64", "shape": [...], "data": [row-major values]}.
Uses only the standard library's json and torch.
"""
import torch
import torch.nn as nn

from reference_io import randn, write_json


def enc(t):
    t = t.detach().contiguous()
    dtype = {torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    data = t.reshape(-1).tolist()
    return {"dtype": dtype, "shape": list(t.shape), "data": data}


def case(name, module, config, inputs, train=True, state_override=None, grad_inputs=("input",)):
    """Runs module on inputs and records output, gradients of sum(output * w) and buffers."""
    if state_override:
        with torch.no_grad():
            sd = module.state_dict()
            for k, v in state_override.items():
                sd[k].copy_(v)
    module.train(train)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    args = []
    for k, v in inputs.items():
        if k in grad_inputs and v.dtype == torch.float32:
            v = v.clone().requires_grad_(True)
            inputs[k] = v
        args.append(v)
    out = module(*args)
    probe = torch.randn(out.shape)
    needs = [p for p in module.parameters()] + [v for v in inputs.values() if v.requires_grad]
    grads = {}
    if needs:
        (out * probe).sum().backward()
        for k, v in inputs.items():
            if v.requires_grad:
                grads[k] = enc(v.grad)
        for k, p in module.named_parameters():
            grads[k] = enc(p.grad)
    buffers = {k: enc(b) for k, b in module.named_buffers()}
    return {
        "name": name, "module": "Step" if isinstance(module, StepModule) else type(module).__name__,
        "config": config, "train": train,
        "inputs": {k: enc(v) for k, v in inputs.items()}, "state": state,
        "output": enc(out), "probe": enc(probe), "grads": grads, "state_after": buffers,
    }


class StepModule(nn.Module):
    """Heaviside step (1 where x > 0); PyTorch's heaviside has no gradient, so backward gives zeros."""

    def forward(self, x):
        return (x > 0).float() + 0 * x  # 0 * x keeps x in the graph, so its gradient is recorded (as zeros)


def linear_cases():
    return [
        case("linear", nn.Linear(5, 3), {"in_features": 5, "out_features": 3, "bias": True}, {"input": randn(4, 5)}),
        case("linear_no_bias", nn.Linear(5, 3, bias=False), {"in_features": 5, "out_features": 3, "bias": False},
             {"input": randn(4, 5)}),
        case("linear_3d_input", nn.Linear(4, 2), {"in_features": 4, "out_features": 2, "bias": True},
             {"input": randn(2, 3, 4)}),
    ]


def activation_cases():
    x = lambda: randn(3, 4) * 2
    return [
        case("step", StepModule(), {}, {"input": x()}),
        case("sigmoid", nn.Sigmoid(), {}, {"input": x()}),
        case("tanh", nn.Tanh(), {}, {"input": x()}),
        case("relu", nn.ReLU(), {}, {"input": x()}),
        case("leaky_relu_default", nn.LeakyReLU(), {"negative_slope": 0.01}, {"input": x()}),
        case("leaky_relu_0.2", nn.LeakyReLU(0.2), {"negative_slope": 0.2}, {"input": x()}),
        case("gelu", nn.GELU(), {}, {"input": x()}),
        case("softmax_dim1", nn.Softmax(dim=1), {"dim": 1}, {"input": x()}),
        case("softmax_last_dim_3d", nn.Softmax(dim=-1), {"dim": -1}, {"input": randn(2, 3, 4)}),
        case("softmax_dim0", nn.Softmax(dim=0), {"dim": 0}, {"input": x()}),
        case("identity", nn.Identity(), {}, {"input": x()}),
        case("flatten", nn.Flatten(), {"start_dim": 1, "end_dim": -1}, {"input": randn(2, 3, 2, 2)}),
        case("flatten_0_1", nn.Flatten(0, 1), {"start_dim": 0, "end_dim": 1}, {"input": randn(2, 3, 2)}),
    ]


def dropout_cases():
    return [case("dropout_eval", nn.Dropout(0.3), {"p": 0.3}, {"input": randn(4, 5)}, train=False)]


def embedding_cases():
    idx = torch.tensor([[1, 3, 3], [0, 9, 1]])
    return [
        case("embedding_2d_indices", nn.Embedding(10, 4), {"num_embeddings": 10, "embedding_dim": 4}, {"input": idx}),
        case("embedding_1d_indices", nn.Embedding(5, 3), {"num_embeddings": 5, "embedding_dim": 3},
             {"input": torch.tensor([4, 0, 4, 2])}),
    ]


def bn_state(c):
    """Non-trivial affine parameters and running statistics, so every term of the formula matters."""
    return {"weight": torch.rand(c) + 0.5, "bias": randn(c), "running_mean": randn(c) * 0.5,
            "running_var": torch.rand(c) + 0.5, "num_batches_tracked": torch.tensor(3)}


def bn_config(c):
    return {"num_features": c, "eps": 1e-5, "momentum": 0.1}


def batchnorm_cases():
    return [
        case("bn1d_2d_train", nn.BatchNorm1d(3), bn_config(3), {"input": randn(6, 3) * 2 + 1}, True, bn_state(3)),
        case("bn1d_3d_train", nn.BatchNorm1d(3), bn_config(3), {"input": randn(4, 3, 5)}, True, bn_state(3)),
        case("bn2d_train", nn.BatchNorm2d(2), bn_config(2), {"input": randn(3, 2, 4, 4) * 3 - 1}, True, bn_state(2)),
        case("bn2d_train_defaults", nn.BatchNorm2d(2), bn_config(2), {"input": randn(2, 2, 3, 3)}, True),
        case("bn1d_2d_eval", nn.BatchNorm1d(3), bn_config(3), {"input": randn(5, 3)}, False, bn_state(3)),
        case("bn2d_eval", nn.BatchNorm2d(2), bn_config(2), {"input": randn(2, 2, 3, 3)}, False, bn_state(2)),
        case("bn2d_momentum_0.3_train", nn.BatchNorm2d(2, momentum=0.3), {"num_features": 2, "eps": 1e-5, "momentum": 0.3},
             {"input": randn(2, 2, 3, 3)}, True, bn_state(2)),
    ]


def layernorm_cases():
    def ln(shape):
        m = nn.LayerNorm(shape)
        with torch.no_grad():
            m.weight.copy_(torch.rand(shape) + 0.5)
            m.bias.copy_(randn(*shape))
        return m
    return [
        case("layernorm_last", ln([5]), {"normalized_shape": [5]}, {"input": randn(3, 5) * 2 + 1}),
        case("layernorm_last_two", ln([3, 4]), {"normalized_shape": [3, 4]}, {"input": randn(2, 3, 4)}),
        case("layernorm_defaults", nn.LayerNorm(6), {"normalized_shape": [6]}, {"input": randn(2, 2, 6)}),
    ]


def loss_cases():
    out = []
    for red in ("mean", "sum", "none"):
        out.append(case("mse_" + red, nn.MSELoss(reduction=red), {"reduction": red},
                        {"input": randn(3, 4), "target": randn(3, 4)}))
        out.append(case("cross_entropy_" + red, nn.CrossEntropyLoss(reduction=red), {"reduction": red},
                        {"input": randn(5, 4) * 2, "target": torch.tensor([0, 3, 1, 1, 2])}))
        out.append(case("cross_entropy_smoothing_" + red, nn.CrossEntropyLoss(reduction=red, label_smoothing=0.1),
                        {"reduction": red, "label_smoothing": 0.1},
                        {"input": randn(5, 4) * 2, "target": torch.tensor([2, 0, 3, 3, 1])}))
        out.append(case("cross_entropy_ignore_smoothing_" + red,
                        nn.CrossEntropyLoss(reduction=red, ignore_index=1, label_smoothing=0.25),
                        {"reduction": red, "label_smoothing": 0.25, "ignore_index": 1},
                        {"input": randn(6, 3), "target": torch.tensor([1, 0, 2, 1, 2, 0])}))
        out.append(case("cross_entropy_spatial_" + red, nn.CrossEntropyLoss(reduction=red), {"reduction": red},
                        {"input": randn(2, 3, 2, 2), "target": torch.randint(0, 3, (2, 2, 2))}))
        out.append(case("nll_" + red, nn.NLLLoss(reduction=red), {"reduction": red},
                        {"input": randn(4, 3).log_softmax(1), "target": torch.tensor([2, 0, 1, 2])}))
        out.append(case("bce_with_logits_" + red, nn.BCEWithLogitsLoss(reduction=red), {"reduction": red},
                        {"input": torch.tensor([[-30.0, -2.5, -0.3, 0.0], [0.7, 1.5, 4.0, 40.0]]),
                         "target": torch.tensor([[0.0, 1.0, 0.2, 0.5], [1.0, 0.0, 0.9, 1.0]])}))
    out.append(case("cross_entropy_ignore_default", nn.CrossEntropyLoss(), {"reduction": "mean"},
                    {"input": randn(4, 3), "target": torch.tensor([2, -100, 0, -100])}))
    out.append(case("cross_entropy_unbatched", nn.CrossEntropyLoss(), {"reduction": "mean"},
                    {"input": randn(5), "target": torch.tensor(3)}))
    return out


def main():
    torch.manual_seed(0)
    files = {
        "nn_linear.json": linear_cases,
        "nn_activations.json": activation_cases,
        "nn_dropout.json": dropout_cases,
        "nn_embedding.json": embedding_cases,
        "nn_batchnorm.json": batchnorm_cases,
        "nn_layernorm.json": layernorm_cases,
        "nn_losses.json": loss_cases,
    }
    for name, make in files.items():
        write_json(name, make())


if __name__ == "__main__":
    main()
