#!/usr/bin/env python3
"""PyTorch reference values for shinso's optimisers and learning-rate schedules.

Regenerate (from the repository root) with:

    /usr/bin/python3 shinso-core/src/test/python/generate_optim_reference.py

It writes shinso-core/src/test/resources/reference/optim_sgd.json, optim_adam.json and
optim_lr_schedules.json; the committed files were written by torch 1.13.0a0 (Debian python3-torch),
and each records the torch.__version__ that wrote it.

optim_sgd.json and optim_adam.json share one fixed problem: a linear layer y = x w^T + b with
w [3, 4], b [3], trained on the mean squared error against targets t for a batch x [6, 4]:

    {"torch_version", "problem": {"w", "b", "x", "t"}: {"shape", "values"},
     "cases": [{"name", "optimizer", "options", "groups", "steps": [{"w", "b"}, ...]}]}

"options" are the keyword arguments of the optimiser; "groups" (or null) lists parameter groups as
{"params": ["w"], <overrides>}; "steps" holds the parameters after each of the five steps. Every case
also re-runs itself to check that it exercises what its name says (e.g. that amsgrad changes the path).

optim_lr_schedules.json: an SGD optimiser with two groups (lr 0.1 and 0.05) and a schedule; "lrs"
holds both groups' lr after construction and after each of 30 scheduler steps (31 rows):

    {"torch_version", "group_lrs", "steps", "cases": [{"name", "scheduler", "options", "lrs"}]}

Floats are float32 values written with the fewest digits that read back exactly (learning rates are
Python doubles, written exactly). Uses only the standard library and torch; the seed is fixed, so
re-running writes the same files.
"""

import warnings

import torch

from reference_io import encode_values, write_case_lines

SEED = 20240607
STEPS = 5
SCHEDULE_STEPS = 30

warnings.filterwarnings("ignore")  # SequentialLR's step(0) warns about the deprecated epoch argument
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float32)


# ---------------------------------------------------------------- optimisers

PROBLEM = {
    "w": torch.randn(3, 4) * 0.5,
    "b": torch.randn(3) * 0.1,
    "x": torch.randn(6, 4),
    "t": torch.randn(6, 3),
}


def loss_of(w, b):
    return ((PROBLEM["x"] @ w.t() + b - PROBLEM["t"]) ** 2).mean()


def trajectory(optimizer_class, options, groups):
    w = torch.nn.Parameter(PROBLEM["w"].clone())
    b = torch.nn.Parameter(PROBLEM["b"].clone())
    named = {"w": w, "b": b}
    if groups is None:
        params = [w, b]
    else:
        params = [dict(g, params=[named[n] for n in g["params"]]) for g in groups]
    opt = optimizer_class(params, **options)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_of(w, b).backward()
        opt.step()
        steps.append({"w": w.detach().clone(), "b": b.detach().clone()})
    return steps


def differs(a, b):
    return any(not torch.equal(sa[k], sb[k]) for sa, sb in zip(a, b) for k in ("w", "b"))


SGD_CASES = [
    # name, options, groups, the case it must differ from (so that each option really acts)
    ("sgd_plain", {"lr": 0.1}, None, None),
    ("sgd_momentum", {"lr": 0.1, "momentum": 0.9}, None, "sgd_plain"),
    ("sgd_dampening", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, None, "sgd_momentum"),
    ("sgd_nesterov", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None, "sgd_momentum"),
    ("sgd_weight_decay", {"lr": 0.1, "weight_decay": 0.1}, None, "sgd_plain"),
    ("sgd_weight_decay_momentum", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.1}, None, "sgd_weight_decay"),
    ("sgd_groups", {"lr": 0.1}, [{"params": ["w"], "lr": 0.05, "momentum": 0.9}, {"params": ["b"]}], "sgd_plain"),
]

ADAM_CASES = [
    ("adam", torch.optim.Adam, {"lr": 0.01}, None, None),
    ("adam_betas_eps", torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.9), "eps": 1e-3}, None, "adam"),
    # beta2 = 0.5 lets exp_avg_sq fall as the gradients shrink, so that its running max matters
    ("adam_fast_beta2", torch.optim.Adam, {"lr": 0.05, "betas": (0.9, 0.5)}, None, "adam"),
    ("adam_amsgrad", torch.optim.Adam, {"lr": 0.05, "betas": (0.9, 0.5), "amsgrad": True}, None, "adam_fast_beta2"),
    ("adam_weight_decay", torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.1}, None, "adam"),
    ("adamw", torch.optim.AdamW, {"lr": 0.01}, None, "adam"),
    ("adamw_weight_decay_amsgrad", torch.optim.AdamW,
     {"lr": 0.05, "betas": (0.9, 0.5), "weight_decay": 0.5, "amsgrad": True}, None, "adam_amsgrad"),
    ("adam_groups", torch.optim.Adam, {"lr": 0.01}, [{"params": ["w"]}, {"params": ["b"], "lr": 0.1, "weight_decay": 0.1}],
     "adam"),
]


def optimiser_file(cases):
    out, by_name = [], {}
    for name, cls, options, groups, unlike in cases:
        steps = trajectory(cls, options, groups)
        if unlike is not None and not differs(steps, by_name[unlike]):
            raise AssertionError("%s gives the same path as %s: it tests nothing new" % (name, unlike))
        by_name[name] = steps
        out.append({
            "name": name,
            "optimizer": cls.__name__,
            "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
            "groups": groups,
            "steps": [{k: encode_values(v) for k, v in s.items()} for s in steps],
        })
    return {
        "torch_version": torch.__version__,
        "problem": {k: encode_values(v) for k, v in PROBLEM.items()},
        "cases": out,
    }


# ---------------------------------------------------------------- schedules

GROUP_LRS = [0.1, 0.05]
S = torch.optim.lr_scheduler


def schedule_optimizer():
    return torch.optim.SGD([{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in GROUP_LRS], lr=1.0)


SCHEDULE_CASES = [
    ("step_lr", "StepLR", {"step_size": 7, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ("step_lr_default_gamma", "StepLR", {"step_size": 10}, lambda o: S.StepLR(o, step_size=10)),
    ("cosine", "CosineAnnealingLR", {"T_max": 20, "eta_min": 0.001},
     lambda o: S.CosineAnnealingLR(o, T_max=20, eta_min=0.001)),
    ("cosine_to_zero", "CosineAnnealingLR", {"T_max": 30}, lambda o: S.CosineAnnealingLR(o, T_max=30)),
    ("linear_warmup", "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10},
     lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10)),
    ("linear_default", "LinearLR", {}, lambda o: S.LinearLR(o)),
    ("linear_decay", "LinearLR", {"start_factor": 1.0, "end_factor": 0.2, "total_iters": 25},
     lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.2, total_iters=25)),
    ("one_cycle_cos", "OneCycleLR", {"max_lr": 1.0, "total_steps": 30},
     lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=30, cycle_momentum=False)),
    ("one_cycle_linear", "OneCycleLR",
     {"max_lr": 0.5, "total_steps": 30, "pct_start": 0.25, "anneal_strategy": "linear", "div_factor": 10.0,
      "final_div_factor": 100.0},
     lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=30, pct_start=0.25, anneal_strategy="linear",
                            div_factor=10.0, final_div_factor=100.0, cycle_momentum=False)),
    ("one_cycle_three_phase", "OneCycleLR", {"max_lr": 1.0, "total_steps": 30, "three_phase": True},
     lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=30, three_phase=True, cycle_momentum=False)),
    ("warmup_then_cosine", "SequentialLR",
     {"schedulers": [{"LinearLR": {"start_factor": 0.1, "total_iters": 5}}, {"CosineAnnealingLR": {"T_max": 25}}],
      "milestones": [5]},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.CosineAnnealingLR(o, T_max=25)],
                              milestones=[5])),
]


def schedule_file():
    cases = []
    for name, kind, options, make in SCHEDULE_CASES:
        opt = schedule_optimizer()
        sched = make(opt)
        lrs = [[g["lr"] for g in opt.param_groups]]
        for _ in range(SCHEDULE_STEPS):
            opt.step()
            sched.step()
            lrs.append([g["lr"] for g in opt.param_groups])
        cases.append({"name": name, "scheduler": kind, "options": options, "lrs": lrs})
    return {"torch_version": torch.__version__, "group_lrs": GROUP_LRS, "steps": SCHEDULE_STEPS, "cases": cases}


def write(name, data):
    write_case_lines(name, dict(data, seed=SEED, generator="shinso-core/src/test/python/generate_optim_reference.py"))


def main():
    write("optim_sgd.json", optimiser_file([(n, torch.optim.SGD, o, g, u) for n, o, g, u in SGD_CASES]))
    write("optim_adam.json", optimiser_file(ADAM_CASES))
    write("optim_lr_schedules.json", schedule_file())


if __name__ == "__main__":
    main()
