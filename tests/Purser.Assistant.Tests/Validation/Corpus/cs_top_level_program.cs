using System;

int total = 0;
foreach (string arg in args)
{
    total += arg.Length;
}

Console.WriteLine($"Characters: {total}");
