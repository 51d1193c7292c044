namespace TransferGuide.Tests.Data;

/// <summary>
/// Writes a solid-colour baseline CMYK JPEG the way Photoshop does (Adobe APP14 marker, transform 0, inverted
/// ink values), because ImageSharp 2.1's encoder cannot write CMYK. Every 8x8 block holds only its DC term, so
/// the whole encoder is a few Huffman codes.
/// </summary>
internal static class CmykJpeg
{
    /// <param name="inverted">Stored C, M, Y, K (Adobe style: 255 means no ink).</param>
    /// <param name="side">Width and height, a multiple of 8.</param>
    public static byte[] Solid((byte C, byte M, byte Y, byte K) inverted, int side = 16)
    {
        var o = new List<byte> { 0xFF, 0xD8 };
        void Segment(byte marker, params byte[] body) { o.AddRange([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]); o.AddRange(body); }
        Segment(0xEE, [.. "Adobe"u8.ToArray(), 0, 100, 0, 0, 0, 0, 0]); // APP14, transform 0: no colour transform
        Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);           // one quantisation table of ones
        Segment(0xC0, [8, (byte)(side >> 8), (byte)side, (byte)(side >> 8), (byte)side, 4,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);              // SOF0, 4 components, no subsampling
        // DC table: categories 0..11, all 4-bit codes. AC table: only end-of-block, code "0".
        Segment(0xC4, [0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        Segment(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var bits = new BitWriter();
        int[] values = [inverted.C, inverted.M, inverted.Y, inverted.K];
        int mcus = side / 8 * (side / 8);
        for (int m = 0; m < mcus; m++)
            foreach (int v in values)
            {
                // DC of a flat block = 8 * (sample - 128); later blocks repeat it, so their difference is 0.
                int diff = m == 0 ? 8 * (v - 128) : 0;
                int category = diff == 0 ? 0 : (int)Math.Floor(Math.Log2(Math.Abs(diff))) + 1;
                bits.Write(category, 4);
                if (category > 0) bits.Write(diff > 0 ? diff : diff + (1 << category) - 1, category);
                bits.Write(0, 1); // end of block
            }
        o.AddRange(bits.Finish());
        o.AddRange([0xFF, 0xD9]);
        return o.ToArray();
    }

    sealed class BitWriter
    {
        readonly List<byte> _bytes = [];
        int _acc, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _acc = (_acc << 1) | ((value >> i) & 1);
                if (++_count == 8) Flush();
            }
        }

        void Flush()
        {
            _bytes.Add((byte)_acc);
            if (_acc == 0xFF) _bytes.Add(0); // byte stuffing
            _acc = 0; _count = 0;
        }

        public List<byte> Finish()
        {
            while (_count != 0) Write(1, 1); // pad with ones
            return _bytes;
        }
    }
}
