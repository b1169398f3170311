package org.ipaward.engine.model;

/** A citation: the clause of the source document and the words quoted from it. */
public record Cite(String clause, String quote) {}
