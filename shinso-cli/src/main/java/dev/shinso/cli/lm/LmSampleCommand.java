package dev.shinso.cli.lm;

import dev.shinso.cli.DeviceOption;
import dev.shinso.cli.FiniteWeights;
import dev.shinso.tensor.Generator;
import dev.shinso.text.CharTokenizer;
import dev.shinso.text.LanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shinso lm sample}: continues a prompt with a trained language model. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Continue a prompt with a language model trained by 'shinso lm train'.",
        "Prints the prompt followed by the generated characters. Characters of the prompt that are not in the model's "
            + "vocabulary are an error (the message lists them) unless --drop-unknown removes them."})
public final class LmSampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "a checkpoint written by 'shinso lm train'")
  Path checkpoint;

  @Option(names = "--prompt", defaultValue = "\n", description = "text to continue (default: a new line)")
  String prompt;

  @Option(names = "--tokens", defaultValue = "300", description = "characters to generate (default: ${DEFAULT-VALUE})")
  int tokens;

  @Option(names = "--temperature", defaultValue = "0.8",
      description = "softmax temperature; 0 picks the most likely character (default: ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "sample among the k most likely characters; 0: all (default: ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--drop-unknown", description = "remove prompt characters outside the vocabulary instead of failing")
  boolean dropUnknown;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    new LmOptionChecks(spec).atLeast("--tokens", tokens, 0, "").atLeast("--top-k", topK, 0, " (0 keeps every character)")
        .nonNegative("--temperature", temperature, " (0 picks the most likely character)");
    var device = deviceOption.device();
    LanguageModel lm = LanguageModel.load(checkpoint);
    FiniteWeights.require(lm.model().stateDict(), checkpoint);
    lm.model().to(device);
    PrintWriter err = spec.commandLine().getErr();
    int[] unknown = lm.tokenizer().unknown(prompt);
    if (unknown.length > 0) {
      String names = CharTokenizer.describeAll(unknown);
      if (!dropUnknown) {
        throw new IllegalArgumentException("the prompt has characters outside the model's vocabulary of "
            + lm.tokenizer().vocabSize() + ": " + names + "; remove them or pass --drop-unknown to drop them");
      }
      prompt = lm.tokenizer().dropUnknown(prompt);
      err.println("dropped prompt characters outside the vocabulary: " + names);
      err.flush();
      if (prompt.isEmpty()) throw new IllegalArgumentException("the prompt is empty once those characters are dropped");
    }
    if (prompt.isEmpty()) throw new IllegalArgumentException("the prompt is empty");
    String text = lm.complete(prompt, tokens, temperature, topK, new Generator(seed));
    PrintWriter w = spec.commandLine().getOut();
    w.println(prompt + text);
    w.flush();
    return 0;
  }
}
