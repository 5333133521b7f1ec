// The memory stories the deck tells. Each state is one click and matches one highlighted
// line of the snippet beside it (named in `source`); the figures (reference counts, lengths,
// capacities) are the ones those snippets print, which the unit test checks against the
// blessed `.out` files. To add a story, write another object like these and register it.
import type { MemoryBlock, MemoryStory, MemoryVariable } from './story'

// Small builders for the shapes that repeat; a story can also spell everything out.
function pyName(id: string, name = id): MemoryVariable {
  return {
    id,
    name,
    fields: [
      { pointer: true },
    ],
  }
}

function pyObject(id: string, type: string, refcount: string, value: string, status?: MemoryBlock['status']): MemoryBlock {
  return {
    id,
    title: `${type} object`,
    rows: [
      { label: 'refcount', value: refcount },
      { label: 'type', value: type },
      { label: 'value', value },
    ],
    status,
  }
}

function rustString(id: string, len: number, cap: number, status?: MemoryVariable['status'], name = id): MemoryVariable {
  return {
    id,
    name,
    fields: [
      { label: 'ptr', pointer: true },
      {
        label: 'len',
        value: String(len),
      },
      {
        label: 'cap',
        value: String(cap),
      },
    ],
    status,
  }
}

function rustI32(id: string, value: number): MemoryVariable {
  return {
    id,
    name: id,
    fields: [
      {
        label: 'i32',
        value: String(value),
      },
    ],
  }
}

function buffer(id: string, bytes: string, capacity: number, status?: MemoryBlock['status']): MemoryBlock {
  return {
    id,
    title: `${capacity} bytes`,
    bytes,
    capacity,
    status,
  }
}

/** snippets/python/memory_names.py */
export const pythonNames: MemoryStory = {
  id: 'python-names',
  language: 'python',
  title: 'Python: names refer to reference-counted objects on the heap',
  description: 'The frame of main(), on CPython\'s per-thread data stack (not the C stack, since 3.11), holds the names a, b and n as references. The heap holds a str object, the None object and an int object, each with a reference count and a pointer to its type. Arrows show which object each name refers to.',
  stackTitle: 'CPYTHON DATA STACK',
  states: [
    {
      caption: '`a = "".join(...)`: a new str on the heap, count 1. The name a only refers to it.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            pyName('a'),
          ],
        },
      ],
      blocks: [
        pyObject('str', 'str', '1', '\'hello\''),
      ],
      arrows: [
        { from: 'a', to: 'str' },
      ],
    },
    {
      caption: '`b = a` copies nothing: one object, two references, count 2.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            pyName('a'),
            pyName('b'),
          ],
        },
      ],
      blocks: [
        pyObject('str', 'str', '2', '\'hello\''),
      ],
      arrows: [
        { from: 'a', to: 'str' },
        { from: 'b', to: 'str' },
      ],
    },
    {
      caption: '`del a` removes the name, not the object: count 1.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            pyName('b'),
          ],
        },
      ],
      blocks: [
        pyObject('str', 'str', '1', '\'hello\''),
      ],
      arrows: [
        { from: 'b', to: 'str' },
      ],
    },
    {
      caption: '`b = None`: the count hits 0, and CPython frees the str at once.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            pyName('b'),
          ],
        },
      ],
      blocks: [
        pyObject('str', 'str', '0', '\'hello\'', 'freed'),
        pyObject('none', 'NoneType', 'immortal', 'None'),
      ],
      arrows: [
        { from: 'b', to: 'none' },
      ],
    },
    {
      caption: '`n = int("123450")`: a number is a box too: 28 bytes.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            pyName('b'),
            pyName('n'),
          ],
        },
      ],
      blocks: [
        pyObject('none', 'NoneType', 'immortal', 'None'),
        pyObject('int', 'int', '1', '123450'),
      ],
      arrows: [
        { from: 'b', to: 'none' },
        { from: 'n', to: 'int' },
      ],
    },
  ],
}

/** snippets/rust/examples/memory_move.rs (step 4 is the line that does not compile) */
export const rustMove: MemoryStory = {
  id: 'rust-move',
  language: 'rust',
  title: 'Rust: a Copy value, a String, and a move',
  description: 'The stack frame of main holds two i32 values and two String headers (pointer, length, capacity). One heap buffer holds the bytes "hello". After the move, s1 is greyed out and only s2 owns the buffer.',
  states: [
    {
      caption: '`let n: i32 = 42`: four bytes in main\'s frame. No heap, no header.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustI32('n', 42),
          ],
        },
      ],
      blocks: [],
      arrows: [],
    },
    {
      caption: '`let m = n` copies: an i32 is Copy, and n stays usable.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustI32('n', 42),
            rustI32('m', 42),
          ],
        },
      ],
      blocks: [],
      arrows: [],
    },
    {
      caption: 'A String: three words in the frame, its bytes in a heap buffer it owns.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustI32('n', 42),
            rustI32('m', 42),
            rustString('s1', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('buf', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'buf' },
      ],
    },
    {
      caption: '`let s2 = s1` moves: three words copied, the bytes not. Only s2 owns them now.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustI32('n', 42),
            rustI32('m', 42),
            rustString('s1', 5, 5, 'moved'),
            rustString('s2', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('buf', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'buf' },
        { from: 's2', to: 'buf' },
      ],
    },
    {
      caption: 'Caught before it runs.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustI32('n', 42),
            rustI32('m', 42),
            rustString('s1', 5, 5, 'moved'),
            rustString('s2', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('buf', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'buf' },
        { from: 's2', to: 'buf' },
      ],
      labels: [
        { target: 's1', text: 'E0382: borrow of moved value', tone: 'bad' },
      ],
    },
  ],
}

const borrowRef: MemoryVariable = {
  id: 'r',
  name: 'r',
  fields: [
    { label: '&String', pointer: true },
  ],
}

/** snippets/rust/examples/memory_borrow.rs */
export const rustBorrow: MemoryStory = {
  id: 'rust-borrow',
  language: 'rust',
  title: 'Rust: a shared borrow, growing past capacity, and drop',
  description: 'main holds the String s and the reference r, which points at s on the stack. Pushing past the capacity moves the bytes to a larger heap buffer and frees the old one. At the end of main, s is dropped and frees its buffer once.',
  states: [
    {
      caption: '`let mut s`: s owns a heap buffer holding 5 bytes, capacity 5.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('small', 'hello', 5),
      ],
      arrows: [
        { from: 's', to: 'small' },
      ],
    },
    {
      caption: '`let r = &s`: a shared borrow, a pointer to s itself. While r is in use, s cannot change: many &T or one &mut T, never both.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s', 5, 5),
            borrowRef,
          ],
        },
      ],
      blocks: [
        buffer('small', 'hello', 5),
      ],
      arrows: [
        { from: 's', to: 'small' },
        { from: 'r', to: 's', kind: 'borrow' },
      ],
      labels: [
        { target: 's', text: 'borrowed: read-only', tone: 'rust' },
      ],
    },
    {
      caption: 'This println! is r\'s last use, so the borrow ends here and s may change again.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s', 5, 5),
            borrowRef,
          ],
        },
      ],
      blocks: [
        buffer('small', 'hello', 5),
      ],
      arrows: [
        { from: 's', to: 'small' },
      ],
      labels: [
        { target: 'r', text: 'last use: borrow over', tone: 'muted' },
      ],
    },
    {
      caption: '`push_str` needs 12 bytes, capacity is 5: the String reallocates (this std grows it to 12; Rust promises no growth strategy), and the old buffer goes back to the allocator.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s', 12, 12),
            borrowRef,
          ],
        },
      ],
      blocks: [
        buffer('small', 'hello', 5, 'freed'),
        buffer('big', 'hello, world', 12),
      ],
      arrows: [
        { from: 's', to: 'big' },
      ],
    },
    {
      caption: 'At the closing brace s is dropped and frees its buffer: exactly once, at a line you can point to. r owned nothing, so it frees nothing.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s', 12, 12, 'dropped'),
            { ...borrowRef, status: 'dropped' },
          ],
        },
      ],
      blocks: [
        buffer('big', 'hello, world', 12, 'freed'),
      ],
      arrows: [
        { from: 's', to: 'big' },
      ],
    },
  ],
}

/** snippets/rust/examples/memory_clone.rs */
export const rustClone: MemoryStory = {
  id: 'rust-clone',
  language: 'rust',
  title: 'Rust: clone() is an explicit deep copy',
  description: 'main holds two Strings, s1 and s2, each pointing at its own heap buffer with the bytes "hello". At the end of main both are dropped and each frees its own buffer.',
  states: [
    {
      caption: 's1 owns a heap buffer with the 5 bytes of "hello".',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s1', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('first', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'first' },
      ],
    },
    {
      caption: '`s1.clone()` allocates a second buffer and copies the bytes: a deep copy you can see in the code, owned by s2.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s1', 5, 5),
            rustString('s2', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('first', 'hello', 5),
        buffer('second', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'first' },
        { from: 's2', to: 'second' },
      ],
    },
    {
      caption: 'Both stay usable: two owners, two buffers at different addresses (`same` prints false).',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s1', 5, 5),
            rustString('s2', 5, 5),
          ],
        },
      ],
      blocks: [
        buffer('first', 'hello', 5),
        buffer('second', 'hello', 5),
      ],
      arrows: [
        { from: 's1', to: 'first' },
        { from: 's2', to: 'second' },
      ],
    },
    {
      caption: 'End of scope: s2 is dropped first, then s1 (reverse order of declaration). Each frees its own buffer, once.',
      frames: [
        {
          id: 'main',
          name: 'main',
          variables: [
            rustString('s1', 5, 5, 'dropped'),
            rustString('s2', 5, 5, 'dropped'),
          ],
        },
      ],
      blocks: [
        buffer('first', 'hello', 5, 'freed'),
        buffer('second', 'hello', 5, 'freed'),
      ],
      arrows: [
        { from: 's1', to: 'first' },
        { from: 's2', to: 'second' },
      ],
    },
  ],
}

/** Every story a slide can name: `<MemoryDiagram story="rust-move" :step="$clicks" />`. */
export const memoryStories: Record<string, MemoryStory> = Object.fromEntries(
  [
    pythonNames,
    rustMove,
    rustBorrow,
    rustClone,
  ].map(story => [story.id, story]),
)
