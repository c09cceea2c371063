/** The lecture's claims as experiments that print numbers and return the series to plot. */
module dev.shinso.lecture {
  requires transitive dev.shinso.core;

  exports dev.shinso.lecture;
  exports dev.shinso.lecture.experiments;
}
