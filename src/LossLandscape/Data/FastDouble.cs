using System.Runtime.CompilerServices;

namespace LossLandscape.Data;

/// <summary>
/// The common case of decimal parsing, exactly rounded: at most 19 significant digits forming an integer m ≤ 2⁵³ and a
/// power of ten 10^e with |e| ≤ 22. Both are exact doubles, so m·10^e (or m / 10^−e) is one correctly rounded IEEE
/// operation, the same double <see cref="double.Parse(string)"/> gives (Clinger's fast path). Anything else is left to
/// <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
internal static class FastDouble
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>True and the value when <paramref name="text"/> is a plain decimal the fast path covers; false otherwise (not an error).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var any = false;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            any = true;
            if (digits > 0 || text[i] != '0')
            {
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                any = true;
                fraction++;
                if (digits > 0 || text[i] != '0')
                {
                    if (++digits > 19)
                    {
                        return false;
                    }

                    mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                }
            }
        }

        if (!any)
        {
            return false;
        }

        var exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            var start = i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < 4; i++)
            {
                exponent = (exponent * 10) + (text[i] - '0');
            }

            if (i == start)
            {
                return false;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length || mantissa > MaxExactMantissa)
        {
            return false;
        }

        var power = exponent - fraction;
        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (power < -22 || power > 22)
        {
            return false;
        }

        value = power < 0 ? mantissa / PowersOfTen[-power] : mantissa * PowersOfTen[power];
        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
