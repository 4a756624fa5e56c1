using System.Collections;
using System.Text;

namespace Gateway.Sip.Message.Headers;

/// <summary>Ordered header lines of a message. Lookups by id are linear: messages have few headers.</summary>
public sealed class SipHeaderCollection : IEnumerable<SipHeader>
{
    private SipHeader[] _items;
    private int _count;

    public SipHeaderCollection(int capacity = 12) => _items = capacity == 0 ? [] : new SipHeader[capacity];

    /// <summary>Takes ownership of an array filled by the parser (no copy).</summary>
    internal SipHeaderCollection(SipHeader[] items, int count)
    {
        _items = items;
        _count = count;
    }

    public int Count => _count;

    public SipHeader this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(SipHeader header) => Insert(_count, header);

    public void Add(SipHeaderId id, string value) => Add(SipHeader.Create(id, value));

    public void Add(string name, string value) => Add(SipHeader.Create(name, value));

    public void Insert(int index, SipHeader header)
    {
        if ((uint)index > (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        if (_count == _items.Length) Array.Resize(ref _items, Math.Max(8, _items.Length * 2));
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = header;
        _count++;
    }

    /// <summary>Inserts before the first header with the same id (e.g. a new top Via), or appends.</summary>
    public void AddFirst(SipHeader header)
    {
        var index = IndexOf(header.Id);
        Insert(index < 0 ? _count : index, header);
    }

    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        _count--;
        Array.Copy(_items, index + 1, _items, index, _count - index);
        _items[_count] = default;
    }

    public int RemoveAll(SipHeaderId id)
    {
        var removed = 0;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_items[i].Id == id)
            {
                RemoveAt(i);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>Replaces every line of <paramref name="id"/> by one line with <paramref name="value"/>, at the first one's place.</summary>
    public void Set(SipHeaderId id, string value)
    {
        var index = IndexOf(id);
        RemoveAll(id);
        Insert(index < 0 ? _count : Math.Min(index, _count), SipHeader.Create(id, value));
    }

    public int IndexOf(SipHeaderId id, int start = 0)
    {
        for (var i = start; i < _count; i++)
        {
            if (_items[i].Id == id) return i;
        }
        return -1;
    }

    public bool Contains(SipHeaderId id) => IndexOf(id) >= 0;

    public int CountOf(SipHeaderId id)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_items[i].Id == id) n++;
        }
        return n;
    }

    public bool TryGetFirst(SipHeaderId id, out SipHeader header)
    {
        var index = IndexOf(id);
        header = index < 0 ? default : _items[index];
        return index >= 0;
    }

    /// <summary>Extension headers by name, case-insensitive.</summary>
    public bool TryGetFirst(string name, out SipHeader header)
    {
        var id = SipHeaderNames.Identify(Encoding.ASCII.GetBytes(name));
        if (id != SipHeaderId.Extension) return TryGetFirst(id, out header);
        for (var i = 0; i < _count; i++)
        {
            if (_items[i].Id == SipHeaderId.Extension && Ascii.EqualsIgnoreCase(_items[i].Name.Span, name))
            {
                header = _items[i];
                return true;
            }
        }
        header = default;
        return false;
    }

    public string? GetFirstText(SipHeaderId id) => TryGetFirst(id, out var header) ? header.ValueText : null;

    /// <summary>All values of a header across its lines, split at commas for list headers (not inside quotes or &lt;&gt;).</summary>
    public SipHeaderValues GetValues(SipHeaderId id) => new(this, id);

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<SipHeader> IEnumerable<SipHeader>.GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return _items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<SipHeader>)this).GetEnumerator();

    public struct Enumerator(SipHeaderCollection owner)
    {
        private int _index = -1;

        public readonly SipHeader Current => owner._items[_index];

        public bool MoveNext() => ++_index < owner._count;
    }
}
