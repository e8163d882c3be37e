package io.dmsdelta.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Pattern;

/**
 * Refuses a URI option that carries credentials ({@code s3a://KEY:SECRET@bucket/...}), without repeating it: such a
 * URI would put the secret in progress lines, reports, Delta commit info and logs. Hadoop's S3A still accepts the
 * form, which is why it must be stopped here.
 */
public final class UriWithoutCredentials implements ITypeConverter<String> {

    /**
     * {@code scheme://user:password@}: the part before the first {@code @} holds a {@code :}, with no {@code /} before
     * it (an access key id has none, a secret may). A path such as {@code s3a://bucket/a:b@c} is not matched.
     */
    private static final Pattern CREDENTIALS = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@:]*:[^@]*@.*", Pattern.DOTALL);

    @Override
    public String convert(String value) {
        if (CREDENTIALS.matcher(value).matches()) {
            throw new TypeConversionException("the URI holds credentials (user:secret@ after the scheme), which"
                    + " dms-delta refuses so they cannot end up in logs and reports; it is not shown here. Remove them"
                    + " and give credentials the usual way: an instance or job role, the AWS_* environment variables,"
                    + " a profile, or Hadoop's fs.s3a.* settings (docs/configuration.md).");
        }
        return value;
    }
}
