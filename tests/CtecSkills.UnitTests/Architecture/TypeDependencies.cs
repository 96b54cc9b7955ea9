using Mono.Cecil;

namespace CtecSkills.UnitTests.Architecture;

/// <summary>One type of an assembly using another: <see cref="From"/> and <see cref="To"/> are full type names.</summary>
public sealed record TypeDependency(string FromNamespace, string From, string ToNamespace, string To);

/// <summary>
/// Every type a compiled assembly's types use, read from the IL with Mono.Cecil: base types, interfaces, attributes,
/// fields, properties, events, method signatures, locals, caught exceptions, and every type, method and field named
/// by an instruction in a method body (so a <c>new X()</c> or a static call inside a method counts, which reflection
/// over signatures would miss). Lambdas, iterators and async state machines are nested types, so they count for the
/// type that declares them.
/// </summary>
public static class TypeDependencies
{
    public static IReadOnlyList<TypeDependency> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.GetTypes()
            .Select(t => (Type: t, Outer: Outermost(t)))
            .Where(t => t.Outer.Namespace.Length > 0)
            .SelectMany(t => UsedBy(t.Type)
                .SelectMany(Flatten)
                .Select(Outermost)
                .Where(used => used.Namespace.Length > 0)
                .Select(used => new TypeDependency(t.Outer.Namespace, t.Outer.FullName, used.Namespace, used.FullName)))
            .Distinct()
            .ToList();
    }

    /// <summary>Namespaces of every type the assembly names anywhere outside itself (its TypeRef table).</summary>
    public static IReadOnlyList<string> ReferencedNamespaces(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.GetTypeReferences().Select(r => Outermost(r).Namespace).Distinct().ToList();
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeReference> UsedBy(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var used in type.Interfaces.Select(i => i.InterfaceType)
                     .Concat(Attributes(type))
                     .Concat(Constraints(type.GenericParameters)))
        {
            yield return used;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
            foreach (var used in Attributes(field))
            {
                yield return used;
            }
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
            foreach (var used in Attributes(property))
            {
                yield return used;
            }
        }

        foreach (var used in type.Events.Select(e => e.EventType))
        {
            yield return used;
        }

        foreach (var method in type.Methods)
        {
            foreach (var used in UsedBy(method))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<TypeReference> UsedBy(MethodDefinition method)
    {
        yield return method.ReturnType;
        foreach (var used in method.Parameters.Select(p => p.ParameterType)
                     .Concat(Attributes(method))
                     .Concat(method.Parameters.SelectMany(Attributes))
                     .Concat(Constraints(method.GenericParameters))
                     .Concat(method.Overrides.SelectMany(Signature)))
        {
            yield return used;
        }

        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var variable in method.Body.Variables)
        {
            yield return variable.VariableType;
        }

        foreach (var handler in method.Body.ExceptionHandlers.Where(h => h.CatchType is not null))
        {
            yield return handler.CatchType;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            IEnumerable<TypeReference> used = instruction.Operand switch
            {
                TypeReference t => [t],
                MethodReference m => Signature(m),
                FieldReference f => [f.DeclaringType, f.FieldType],
                CallSite c => [c.ReturnType, .. c.Parameters.Select(p => p.ParameterType)],
                _ => [],
            };
            foreach (var t in used)
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        yield return method.DeclaringType;
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<TypeReference> Constraints(IEnumerable<GenericParameter> parameters) =>
        parameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType);

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a =>
            new[] { a.AttributeType }
                .Concat(a.ConstructorArguments.Concat(a.Fields.Select(f => f.Argument)).Concat(a.Properties.Select(p => p.Argument))
                    .Select(argument => argument.Value).OfType<TypeReference>()));

    /// <summary>The named types inside a constructed one: <c>List&lt;Cohort[]&gt;</c> gives List and Cohort.</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        switch (type)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var inner in generic.GenericArguments.Prepend(generic.ElementType).SelectMany(Flatten))
                {
                    yield return inner;
                }

                break;
            case IModifierType modified:
                foreach (var inner in Flatten(modified.ModifierType).Concat(Flatten(modified.ElementType)))
                {
                    yield return inner;
                }

                break;
            case FunctionPointerType pointer:
                foreach (var inner in pointer.Parameters.Select(p => p.ParameterType).Prepend(pointer.ReturnType).SelectMany(Flatten))
                {
                    yield return inner;
                }

                break;
            case TypeSpecification specification:
                foreach (var inner in Flatten(specification.ElementType))
                {
                    yield return inner;
                }

                break;
            default:
                yield return type;
                break;
        }
    }
}
