package io.dmsdelta.dms;

/**
 * One problem in one place of the input.
 *
 * @param file    the file's URI
 * @param line    1-based line (records counted, header included) or 0 for a whole-file problem
 * @param column  the column concerned, or null
 * @param value   the offending text as read, or null
 * @param problem what is wrong, in words
 */
public record InputError(String file, long line, String column, String value, String problem) {

    public static InputError ofFile(String file, String problem) {
        return new InputError(file, 0, null, null, problem);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(" line ").append(line);
        }
        if (column != null) {
            text.append(", column ").append(column);
        }
        if (value != null) {
            text.append(", value \"").append(io.dmsdelta.report.Failures.cut(value)).append('"');
        }
        return text.append(": ").append(problem).toString();
    }
}
