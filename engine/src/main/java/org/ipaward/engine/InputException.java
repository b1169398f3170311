package org.ipaward.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A calculation request that is not valid: unknown measure, undeclared fact, wrong type, out of bounds. */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InputException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public InputException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
