package dev.vecnet.jmh.harness;

/** A peer or case that could not be measured in this run, and why: reported, never left out silently. */
public record NotMeasured(String what, String why) {}
