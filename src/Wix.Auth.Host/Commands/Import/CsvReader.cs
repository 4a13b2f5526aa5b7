using System.Text;

namespace Wix.Auth.Host.Commands.Import;

/// <summary>
/// A small RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, line breaks and doubled
/// quotes (<c>""</c>); CRLF or LF line ends. Each record carries the physical line it starts on, so an error names the
/// line an editor shows. Blank lines are skipped. Malformed input (a quote inside an unquoted field, text after a closing
/// quote, a quote never closed) is reported for its record and reading goes on at the next line, so every bad line of a
/// file is named in one run.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var line = 1;
        while (position < text.Length)
        {
            var startLine = line;
            var record = ReadRecord(text, ref position, ref line);
            if (record.Error is null && record.Fields is [""])
            {
                continue;
            }

            yield return record with { Line = startLine };
        }
    }

    private static CsvRecord ReadRecord(string text, ref int position, ref int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            if (position < text.Length && text[position] == '"')
            {
                position++;
                if (!ReadQuoted(text, ref position, ref line, field))
                {
                    return new CsvRecord(0, fields, "a quoted field is never closed");
                }

                if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                {
                    SkipToNextLine(text, ref position, ref line);
                    return new CsvRecord(0, fields, "text after the closing quote of a field");
                }
            }
            else
            {
                while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                {
                    if (text[position] == '"')
                    {
                        SkipToNextLine(text, ref position, ref line);
                        return new CsvRecord(0, fields, "a quote inside an unquoted field (quote the whole field and double the quote)");
                    }

                    field.Append(text[position++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (position >= text.Length)
            {
                return new CsvRecord(0, fields, null);
            }

            if (text[position] == ',')
            {
                position++;
                continue;
            }

            SkipLineEnd(text, ref position, ref line);
            return new CsvRecord(0, fields, null);
        }
    }

    /// <summary>Reads up to the closing quote (position after it); false when the text ends first.</summary>
    private static bool ReadQuoted(string text, ref int position, ref int line, StringBuilder field)
    {
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                if (position < text.Length && text[position] == '"')
                {
                    field.Append('"');
                    position++;
                    continue;
                }

                return true;
            }

            if (c == '\n')
            {
                line++;
            }

            field.Append(c);
        }

        return false;
    }

    private static void SkipToNextLine(string text, ref int position, ref int line)
    {
        while (position < text.Length && text[position] is not ('\r' or '\n'))
        {
            position++;
        }

        SkipLineEnd(text, ref position, ref line);
    }

    private static void SkipLineEnd(string text, ref int position, ref int line)
    {
        if (position < text.Length && text[position] == '\r')
        {
            position++;
        }

        if (position < text.Length && text[position] == '\n')
        {
            position++;
        }

        line++;
    }
}
