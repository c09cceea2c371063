/**
 * A Jupyter kernel for shinso: JShell evaluates the cells in the kernel's own JVM, with shinso on its
 * class path; tensors print as text and lecture figures show as PNG images. {@code dev.shinso.notebook}
 * holds what cells call ({@code Display}, {@code Progress}); the kernel itself and its installer are
 * not API. The kernel runs on the class path (see {@code install.KernelSpec}).
 */
module dev.shinso.notebook {
  requires transitive dev.shinso.lecture;
  requires jdk.jshell;
  requires jjava.jupyter; // the Jupyter protocol library; an automatic module named after its jar
  requires com.google.gson; // kernel.json (jjava-jupyter's own JSON library)

  exports dev.shinso.notebook;
  exports dev.shinso.notebook.install to dev.shinso.cli;
}
