using Krug.Blending.Domain;

namespace Krug.Blending.Core.Tests.Support;

/// <summary>Builds a cellar tank by tank, in the order the test reads best.</summary>
public sealed class CellarBuilder
{
    private readonly List<Tank> _tanks = [];
    private VolumeUnit _unit = VolumeUnit.Hectolitres;

    public CellarBuilder Full(string id, long capacity, string wine)
    {
        _tanks.Add(new Tank(id, capacity, wine));
        return this;
    }

    /// <summary>A tank full of <paramref name="lot"/> (see <see cref="Some.Lot"/>).</summary>
    public CellarBuilder Lot(string id, long capacity, Lot lot)
    {
        _tanks.Add(Tank.OfLot(id, capacity, lot));
        return this;
    }

    public CellarBuilder Empty(string id, long capacity)
    {
        _tanks.Add(new Tank(id, capacity, null));
        return this;
    }

    public CellarBuilder InUnit(VolumeUnit unit)
    {
        _unit = unit;
        return this;
    }

    public Cellar Build() => new(_tanks, _unit);
}
