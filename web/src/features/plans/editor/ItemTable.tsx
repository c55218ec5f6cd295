import { ActionIcon, Group, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { type CSSProperties, memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LabelModeContext, useFieldState } from './context';

export interface ItemColumn<T> {
  key: string;
  header: string;
  /** Width of the table column (px or CSS). */
  width?: number | string;
  /** Grid columns the field spans on a card; 'full' takes the whole row. */
  span?: number | 'full';
  render: (item: T, index: number) => ReactNode;
}

interface Props<T> {
  items: readonly T[];
  columns: ItemColumn<T>[];
  itemKey: (item: T, index: number) => string;
  /** Below this container width the items are shown as cards with visible labels. */
  minTableWidth: number;
  onRemove?: (index: number) => void;
  removeLabel: (item: T, index: number) => string;
  cardTitle?: (item: T, index: number) => ReactNode;
  /** Notes under an item (e.g. warnings). */
  extra?: (item: T, index: number) => ReactNode;
  /** Only these indices are shown (filters); default all. */
  indices?: number[];
  testId?: string;
  rowTestId?: string;
  empty?: ReactNode;
  /** Tighter cell padding for tables with many rows. */
  dense?: boolean;
}

interface RowProps<T> {
  item: T;
  index: number;
  columns: ItemColumn<T>[];
  mode: 'table' | 'cards';
  cols: number;
  onRemove?: (index: number) => void;
  removeLabel: (item: T, index: number) => string;
  cardTitle?: (item: T, index: number) => ReactNode;
  extra?: (item: T, index: number) => ReactNode;
  rowTestId?: string;
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label} openDelay={400}>
      <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick}>
        <IconTrash size={16} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}

function RowImpl<T>({
  item,
  index,
  columns,
  mode,
  cols,
  onRemove,
  removeLabel,
  cardTitle,
  extra,
  rowTestId,
}: RowProps<T>) {
  const { readOnly } = useFieldState();
  const note = extra?.(item, index);
  const remove =
    onRemove && !readOnly ? (
      <RemoveButton label={removeLabel(item, index)} onClick={() => onRemove(index)} />
    ) : null;

  if (mode === 'table') {
    return (
      <>
        <Table.Tr data-testid={rowTestId} data-index={index}>
          {columns.map((column) => (
            <Table.Td key={column.key} style={{ verticalAlign: 'top' }}>
              {column.render(item, index)}
            </Table.Td>
          ))}
          {onRemove && !readOnly && <Table.Td style={{ verticalAlign: 'top', width: 44 }}>{remove}</Table.Td>}
        </Table.Tr>
        {note && (
          <Table.Tr>
            <Table.Td colSpan={columns.length + (onRemove && !readOnly ? 1 : 0)} pt={0}>
              {note}
            </Table.Td>
          </Table.Tr>
        )}
      </>
    );
  }

  const grid: CSSProperties = {
    display: 'grid',
    gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
    gap: 'var(--mantine-spacing-sm)',
  };
  return (
    <Paper withBorder p="sm" data-testid={rowTestId} data-index={index}>
      {(cardTitle || remove) && (
        <Group justify="space-between" wrap="nowrap" mb="xs" gap="xs">
          <Text fw={600} size="sm" className="ml-break">
            {cardTitle?.(item, index)}
          </Text>
          {remove}
        </Group>
      )}
      <div style={grid}>
        {columns.map((column) => {
          const span = column.span === 'full' ? cols : Math.min(column.span ?? 1, cols);
          return (
            <div key={column.key} style={{ gridColumn: `span ${span}`, minWidth: 0 }}>
              {column.render(item, index)}
            </div>
          );
        })}
      </div>
      {note && <div style={{ marginTop: 'var(--mantine-spacing-xs)' }}>{note}</div>}
    </Paper>
  );
}

const Row = memo(RowImpl) as typeof RowImpl;

/**
 * A list of structured items: a table with column headers when there is room, else one card per item
 * with a visible label on every input. The choice follows the container's width, not the window's.
 */
export function ItemTable<T>({
  items,
  columns,
  itemKey,
  minTableWidth,
  onRemove,
  removeLabel,
  cardTitle,
  extra,
  indices,
  testId,
  rowTestId,
  empty,
  dense = false,
}: Props<T>) {
  const { t } = useTranslation();
  const { readOnly } = useFieldState();
  const { ref, width } = useElementSize();
  const mode = width >= minTableWidth ? 'table' : 'cards';
  const cols = Math.max(1, Math.min(4, Math.floor((width || 320) / 170)));
  const shown = indices ?? items.map((_, i) => i);

  let body: ReactNode;
  if (shown.length === 0) {
    body = empty ?? null;
  } else if (mode === 'table') {
    body = (
      <LabelModeContext.Provider value="hidden">
        <Table.ScrollContainer minWidth={minTableWidth} type="native">
          <Table verticalSpacing={dense ? 4 : 6} horizontalSpacing={dense ? 4 : 'xs'} data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column.key} style={{ width: column.width }}>
                    <Text size="xs" fw={600} c="dimmed">
                      {column.header}
                    </Text>
                  </Table.Th>
                ))}
                {onRemove && !readOnly && (
                  <Table.Th style={{ width: 44 }}>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((index) => (
                <Row
                  key={itemKey(items[index], index)}
                  item={items[index]}
                  index={index}
                  columns={columns}
                  mode="table"
                  cols={cols}
                  onRemove={onRemove}
                  removeLabel={removeLabel}
                  cardTitle={cardTitle}
                  extra={extra}
                  rowTestId={rowTestId}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </LabelModeContext.Provider>
    );
  } else {
    body = (
      <Stack gap="sm" data-testid={testId}>
        {shown.map((index) => (
          <Row
            key={itemKey(items[index], index)}
            item={items[index]}
            index={index}
            columns={columns}
            mode="cards"
            cols={cols}
            onRemove={onRemove}
            removeLabel={removeLabel}
            cardTitle={cardTitle}
            extra={extra}
            rowTestId={rowTestId}
          />
        ))}
      </Stack>
    );
  }
  return <div ref={ref}>{body}</div>;
}
