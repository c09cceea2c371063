package com.example;

import dev.shinso.Shinso;
import dev.shinso.tensor.Tensor;

public class FirstProgram {
  public static void main(String[] args) {
    Shinso.manualSeed(0);
    Tensor x = Tensor.randn(64, 784);                          // a batch of 64 inputs
    Tensor labels = Tensor.randint(0, 10, 64);                 // int64 class indices
    Tensor w = Tensor.randn(784, 10).mul(0.01f).requiresGrad(true);
    Tensor b = Tensor.zeros(10).requiresGrad(true);

    Tensor logits = x.matmul(w).add(b);                        // [64, 10]; b broadcasts over the batch
    Tensor loss = logits.logSoftmax(1)                         // cross-entropy, written out
        .gather(1, labels.unsqueeze(1)).neg().mean();
    loss.backward();                                           // fills w.grad() and b.grad()

    System.out.println(loss);
    System.out.println(b.grad());
  }
}
