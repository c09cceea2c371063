package dev.shinso.bench;

import dev.shinso.Shinso;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.io.Npy;
import dev.shinso.io.SafeTensors;
import dev.shinso.nn.Block;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.text.LanguageModel;
import dev.shinso.text.LmTrainer;
import dev.shinso.text.TextCorpus;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * shinso's side of {@code scripts/compare_training.sh} for the models timed per training step: the
 * transformer language model at the language-model benchmark's configuration (the defaults of {@code
 * shinso lm train}: 4 layers, 4 heads, dim 128, context 128, batch 32, AdamW 0.003 with betas 0.9/0.95 and
 * weight decay 0.1 on matrices, 100 warm-up steps then cosine over 3000 steps, clip at norm 1, on the
 * bundled Austen corpus) and the diffusion U-Net at the diffusion benchmark's (base channels 16, channel
 * mult 1,2,2, 8 groups, 10 classes with labels dropped 10% of the time, T = 1000 linear, batch 128, Adam
 * 2e-3, clip at norm 1, EMA 0.995). Each model is built as the CLI builds it (seed 0) and trained by the
 * CLI's trainer, {@link LmTrainer#trainStep} and {@link DdpmTrainer#trainSteps} one step at a time:
 * forward, loss, backward, clipping, the optimiser, the schedule or the EMA. It trains {@code
 * --warmup-steps} untimed steps, then {@code --steps} timed ones, and prints
 *
 * <pre>shinso model=lm threads=2 batch=32 params=… jvm_s=… startup_s=… data_s=… warmup_s=…
 *   first_step_s=… step_s=… mean_step_s=… rss_mb=…</pre>
 *
 * step_s is the median of the timed steps' seconds (each step timed on its own, reading its loss),
 * mean_step_s their sum over their count; first_step_s is the very first step (the JIT has compiled
 * nothing yet), warmup_s the warm-up steps together; rss_mb the peak resident set (VmHWM).
 *
 * <p>The data order is the trainers' own: the language model's windows start at offsets drawn from
 * {@code new Generator(seed)}, the U-Net's batches are epoch 0's permutation and its timesteps, noise
 * and label drops come from {@code new Generator(seed·31 + 7)}. {@code --prepare DIR} draws the same
 * numbers from twin generators and writes them as .npy files for PyTorch's side ({@code
 * scripts/torch_steps.py}), with the initial weights (init.safetensors) and the configuration
 * (config.txt), then exits:
 * <ul>
 *   <li>lm: tokens.npy (the training text's token ids, INT64), offsets.npy ([steps, batch] window starts);</li>
 *   <li>unet: index.npy ([steps, batch] image indices), t.npy ([steps, batch] timesteps), drop.npy
 *   ([steps, batch], 1 where the label is replaced by "no class"), and with {@code --noise-steps K}
 *   noise.npy ([K, batch, 1, 28, 28], the first K steps' noise, for the equivalence check).</li>
 * </ul>
 * {@code --losses K} adds the first K steps' losses ({@code losses=l1,l2,…}); {@code --save-final FILE}
 * writes the weights after the last step (and, for the U-Net, the average under {@code ema.} keys),
 * which {@code scripts/check_equivalence.sh} compares with PyTorch's.
 *
 * <p>Usage: {@code TrainSteps --model lm|unet [--corpus FILE] [--data DIR] [--threads 2] [--warmup-steps 5]
 * [--steps 30] [--losses 0] [--save-final FILE] [--prepare DIR [--noise-steps 0]]}.
 */
public final class TrainSteps {
  private TrainSteps() {}

  // The language-model benchmark's configuration: shinso lm train's defaults.
  static final int LM_LAYERS = 4, LM_HEADS = 4, LM_DIM = 128, LM_CONTEXT = 128, LM_BATCH = 32;
  static final int LM_TOTAL_STEPS = 3000, LM_WARMUP = 100;
  static final double LM_LR = 0.003, LM_WEIGHT_DECAY = 0.1;
  // The diffusion benchmark's configuration (bench README, "Image generation").
  static final int UNET_BASE = 16, UNET_GROUPS = 8, UNET_CLASSES = 10, UNET_T = 1000, UNET_BATCH = 128;
  static final int[] UNET_MULT = {1, 2, 2};
  static final double UNET_LR = 2e-3, UNET_P_UNCOND = 0.1, UNET_EMA = 0.995;
  static final String UNET_SCHEDULE = "linear";

  /** What a step bench needs of a model: its parameters, one training step, and what to save. */
  private interface Workload {
    Block model();

    double step();

    Map<String, Tensor> finalState();
  }

  public static void main(String[] args) throws IOException {
    long startNanos = System.nanoTime(), startMs = System.currentTimeMillis();
    String model = null, corpus = null, data = null, prepare = null, saveFinal = null;
    int threads = 2, warmupSteps = 5, steps = 30, losses = 0, noiseSteps = 0;
    long seed = 0;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) throw new IllegalArgumentException("TrainSteps: " + args[i] + " needs a value");
      switch (args[i]) {
        case "--model" -> model = value;
        case "--corpus" -> corpus = value;
        case "--data" -> data = value;
        case "--threads" -> threads = Integer.parseInt(value);
        case "--warmup-steps" -> warmupSteps = Integer.parseInt(value);
        case "--steps" -> steps = Integer.parseInt(value);
        case "--losses" -> losses = Integer.parseInt(value);
        case "--save-final" -> saveFinal = value;
        case "--prepare" -> prepare = value;
        case "--noise-steps" -> noiseSteps = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("TrainSteps: unknown option " + args[i] + "; options: --model "
            + "--corpus --data --threads --warmup-steps --steps --losses --save-final --prepare --noise-steps --seed");
      }
    }
    if (!"lm".equals(model) && !"unet".equals(model)) {
      throw new IllegalArgumentException("TrainSteps: --model must be lm or unet, got " + model);
    }
    if ("lm".equals(model) && corpus == null) {
      throw new IllegalArgumentException("TrainSteps: --model lm needs --corpus FILE");
    }
    if ("unet".equals(model) && data == null) {
      throw new IllegalArgumentException("TrainSteps: --model unet needs --data DIR");
    }
    if (warmupSteps < 0 || steps < 1) {
      throw new IllegalArgumentException("TrainSteps: need --warmup-steps >= 0, --steps >= 1");
    }
    Shinso.setNumThreads(threads);
    double startup = seconds(startNanos);

    if (prepare != null) {
      Path dir = Files.createDirectories(Path.of(prepare));
      if (model.equals("lm")) prepareLm(Path.of(corpus), dir, warmupSteps + steps, seed);
      else prepareUnet(Path.of(data), dir, warmupSteps + steps, noiseSteps, seed);
      return;
    }

    long t0 = System.nanoTime();
    Workload w = model.equals("lm") ? lm(Path.of(corpus), seed) : unet(Path.of(data), seed, warmupSteps + steps);
    double dataSeconds = seconds(t0);  // reading the data and building the model and trainer
    int batch = model.equals("lm") ? LM_BATCH : UNET_BATCH;

    int total = warmupSteps + steps;
    double[] times = new double[total], loss = new double[total];
    for (int s = 0; s < total; s++) {
      long t = System.nanoTime();
      loss[s] = w.step();
      times[s] = seconds(t);
    }
    double jitSeconds = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
    double[] timed = Arrays.copyOfRange(times, warmupSteps, total);
    double warmup = Arrays.stream(times, 0, warmupSteps).sum();
    if (saveFinal != null) SafeTensors.save(w.finalState(), Path.of(saveFinal));
    double jvmSeconds = (startMs - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    StringBuilder lossList = new StringBuilder();
    for (int s = 0; s < Math.min(losses, total); s++) {
      lossList.append(s == 0 ? " losses=" : ",").append(String.format(Locale.ROOT, "%.6f", loss[s]));
    }
    System.out.printf(Locale.ROOT,
        "shinso model=%s threads=%d batch=%d params=%d jvm_s=%.2f startup_s=%.2f data_s=%.2f warmup_steps=%d"
            + " warmup_s=%.2f"
            + " first_step_s=%.3f steps=%d step_s=%.4f mean_step_s=%.4f min_step_s=%.4f jit_s=%.2f loss_first=%.4f"
            + " loss_last=%.4f%s rss_mb=%.0f%n",
        model, threads, batch, w.model().parameterCount(), jvmSeconds, startup, dataSeconds, warmupSteps, warmup,
        times[0], steps, median(timed), Arrays.stream(timed).sum() / steps, Arrays.stream(timed).min().orElseThrow(),
        jitSeconds, loss[0], loss[total - 1], lossList, TrainEpoch.peakRssMb());
  }

  // ---------------------------------------------------------------- the language model

  private static TextCorpus lmCorpus(Path corpus) throws IOException {
    TextCorpus data = TextCorpus.of(TextCorpus.read(corpus));  // as LmTrainCommand with --corpus
    if (data.train().length <= LM_CONTEXT) throw new IllegalArgumentException("TrainSteps: corpus too short");
    return data;
  }

  /** LmTrainCommand.train: the seed, the model, its trainer; the generator draws the windows. */
  private static Workload lm(Path corpus, long seed) throws IOException {
    TextCorpus data = lmCorpus(corpus);
    TransformerConfig config = new TransformerConfig(data.tokenizer().vocabSize(), LM_LAYERS, LM_HEADS, LM_DIM,
        LM_CONTEXT);
    LmTrainer.Settings settings = new LmTrainer.Settings(LM_TOTAL_STEPS, LM_BATCH, LM_LR, LM_WARMUP, LM_WEIGHT_DECAY);
    Shinso.manualSeed(seed);
    LanguageModel lm = new LanguageModel(new TransformerLM(config), data.tokenizer());
    LmTrainer trainer = new LmTrainer(lm, data, settings, new Generator(seed));
    return new Workload() {
      @Override
      public Block model() {
        return lm.model();
      }

      @Override
      public double step() {
        return trainer.trainStep().item();
      }

      @Override
      public Map<String, Tensor> finalState() {
        return lm.model().stateDict();
      }
    };
  }

  private static void prepareLm(Path corpus, Path dir, int steps, long seed) throws IOException {
    TextCorpus data = lmCorpus(corpus);
    long[] train = data.train();
    // The draws of TextCorpus.randomTrainingBatch: one offset per window from the trainer's generator.
    Generator g = new Generator(seed);
    long[] offsets = new long[steps * LM_BATCH];
    for (int i = 0; i < offsets.length; i++) offsets[i] = g.nextLong(train.length - LM_CONTEXT);
    Npy.save(Tensor.wrap(train.clone(), train.length), dir.resolve("tokens.npy"));
    Npy.save(Tensor.wrap(offsets, steps, LM_BATCH), dir.resolve("offsets.npy"));
    Shinso.manualSeed(seed);
    TransformerLM net = new TransformerLM(new TransformerConfig(data.tokenizer().vocabSize(), LM_LAYERS, LM_HEADS,
        LM_DIM, LM_CONTEXT));
    SafeTensors.save(net.stateDict(), dir.resolve("init.safetensors"));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("vocab", data.tokenizer().vocabSize());
    c.put("layers", LM_LAYERS);
    c.put("heads", LM_HEADS);
    c.put("dim", LM_DIM);
    c.put("context", LM_CONTEXT);
    c.put("batch", LM_BATCH);
    c.put("total_steps", LM_TOTAL_STEPS);
    c.put("warmup", LM_WARMUP);
    c.put("lr", LM_LR);
    c.put("weight_decay", LM_WEIGHT_DECAY);
    c.put("params", net.parameterCount());
    c.put("steps", steps);
    writeConfig(dir, c);
  }

  // ---------------------------------------------------------------- the diffusion U-Net

  private static UNetConfig unetConfig() {
    return new UNetConfig(1, 28, UNET_BASE, UNET_MULT, UNET_GROUPS, UNET_CLASSES);
  }

  /** DiffusionTrainCommand.train: seed, data, U-Net, schedule, trainer. */
  private static Workload unet(Path dataDir, long seed, int steps) throws IOException {
    Shinso.manualSeed(seed);
    FashionMnist train = FashionMnist.builder().train(true).root(dataDir).download(false).build();
    Tensor images = train.images(), labels = train.labels();
    UNet net = new UNet(unetConfig());
    Ddpm ddpm = new Ddpm(NoiseSchedule.of(UNET_SCHEDULE, UNET_T));
    DdpmTrainer trainer = new DdpmTrainer(net, ddpm, images, labels,
        new DdpmTrainer.Settings(UNET_BATCH, UNET_LR, UNET_P_UNCOND, UNET_EMA, seed));
    if (steps > trainer.stepsPerEpoch()) {
      throw new IllegalArgumentException("TrainSteps: at most " + trainer.stepsPerEpoch() + " U-Net steps (one epoch)");
    }
    return new Workload() {
      int step;

      @Override
      public Block model() {
        return net;
      }

      /**
       * Step number step of epoch 0, as trainEpoch trains it (each call also redraws the epoch's
       * permutation of 60,000 images: 1.4 ms, 0.3% of a step).
       */
      @Override
      public double step() {
        DdpmTrainer.EpochStats s = trainer.trainSteps(0, step, step + 1, null, Long.MAX_VALUE);
        step++;
        return s.loss();
      }

      @Override
      public Map<String, Tensor> finalState() {
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        trainer.checkpoint(0, Map.of()).model().forEach((k, v) -> state.put("ema." + k, v));
        return state;
      }
    };
  }

  private static void prepareUnet(Path dataDir, Path dir, int steps, int noiseSteps, long seed) throws IOException {
    FashionMnist train = FashionMnist.builder().train(true).root(dataDir).download(false).build();
    int n = train.size(), perEpoch = (n + UNET_BATCH - 1) / UNET_BATCH;
    if (steps > perEpoch || n % UNET_BATCH != 0 && steps == perEpoch) {
      throw new IllegalArgumentException("TrainSteps: at most " + (perEpoch - 1) + " full U-Net batches (one epoch)");
    }
    // DdpmTrainer.trainSteps: epoch 0's permutation; Ddpm.loss: per step the batch's timesteps, noise and drops.
    long[] order = DdpmTrainer.epochOrder(n, seed, 0);
    Generator g = new Generator(seed * 31 + 7);
    NoiseSchedule schedule = NoiseSchedule.of(UNET_SCHEDULE, UNET_T);
    long[] t = new long[steps * UNET_BATCH], drop = new long[steps * UNET_BATCH];
    Tensor[] noise = new Tensor[Math.min(noiseSteps, steps)];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < UNET_BATCH; i++) t[s * UNET_BATCH + i] = g.nextLong(schedule.steps());
      Tensor eps = Tensor.randn(g, UNET_BATCH, 1, 28, 28);
      if (s < noise.length) noise[s] = eps;
      float[] u = Tensor.rand(g, UNET_BATCH).toFloatArray();
      for (int i = 0; i < UNET_BATCH; i++) drop[s * UNET_BATCH + i] = u[i] < (float) UNET_P_UNCOND ? 1 : 0;
    }
    Npy.save(Tensor.wrap(Arrays.copyOf(order, steps * UNET_BATCH), steps, UNET_BATCH), dir.resolve("index.npy"));
    Npy.save(Tensor.wrap(t, steps, UNET_BATCH), dir.resolve("t.npy"));
    Npy.save(Tensor.wrap(drop, steps, UNET_BATCH), dir.resolve("drop.npy"));
    if (noise.length > 0) Npy.save(Tensor.stack(Arrays.asList(noise), 0), dir.resolve("noise.npy"));
    Shinso.manualSeed(seed);
    UNet net = new UNet(unetConfig());
    SafeTensors.save(net.stateDict(), dir.resolve("init.safetensors"));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("base_channels", UNET_BASE);
    c.put("channel_mult", "1,2,2");
    c.put("groups", UNET_GROUPS);
    c.put("classes", UNET_CLASSES);
    c.put("timesteps", UNET_T);
    c.put("schedule", UNET_SCHEDULE);
    c.put("batch", UNET_BATCH);
    c.put("lr", UNET_LR);
    c.put("p_uncond", UNET_P_UNCOND);
    c.put("ema", UNET_EMA);
    c.put("params", net.parameterCount());
    c.put("steps", steps);
    writeConfig(dir, c);
  }

  // ---------------------------------------------------------------- helpers

  private static void writeConfig(Path dir, Map<String, Object> c) throws IOException {
    StringBuilder sb = new StringBuilder();
    c.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Files.writeString(dir.resolve("config.txt"), sb.toString());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
