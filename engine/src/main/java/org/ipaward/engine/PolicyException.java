package org.ipaward.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be loaded; {@link #problems()} lists every problem found, not just the first. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
