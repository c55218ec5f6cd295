import {
  Checkbox,
  type ComboboxItem,
  MultiSelect,
  type MultiSelectProps,
  NumberInput,
  type NumberInputProps,
  Select,
  type SelectProps,
  SimpleGrid,
  TagsInput,
  type TagsInputProps,
  Textarea,
  type TextareaProps,
  TextInput,
  type TextInputProps,
} from '@mantine/core';
import { type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LabelModeContext, useFieldState } from './context';

interface Common {
  /** JSON path of the value inside the document, e.g. `sections.budget.lines[2].planned`. */
  path: string;
  label: ReactNode;
  /** Plain-text label for assistive tech when the visible label is a table header. */
  ariaLabel?: string;
  /** A non-blocking note shown in yellow (e.g. a goal check). */
  warning?: string;
  /** Marks the input in yellow without a note (the note is shown elsewhere). */
  flag?: boolean;
}

/** Label, error, read-only state and the data-path hook every editor input shares. */
function useFieldProps({ path, label, ariaLabel, warning, flag }: Common) {
  const { readOnly, issueAt } = useFieldState();
  const mode = useContext(LabelModeContext);
  const error = issueAt(path);
  const text = typeof label === 'string' ? label : ariaLabel;
  return {
    readOnly,
    error,
    ...(warning && !error ? { description: <span className="ml-field-warning">{warning}</span> } : {}),
    label: mode === 'visible' ? label : undefined,
    'aria-label': mode === 'hidden' ? text : undefined,
    'data-path': path,
    'data-invalid': error ? 'true' : undefined,
    className: (warning || flag) && !error ? 'ml-warn' : undefined,
  };
}

type Omitted = 'label' | 'value' | 'onChange' | 'error' | 'readOnly';

export function PTextInput({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common & Omit<TextInputProps, Omitted> & { value: string; onChange: (value: string) => void }) {
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return <TextInput {...rest} {...field} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

export function PTextarea({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common & Omit<TextareaProps, Omitted> & { value: string; onChange: (value: string) => void }) {
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return (
    <Textarea
      autosize
      minRows={2}
      maxRows={10}
      {...rest}
      {...field}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** ISO date (YYYY-MM-DD) with the browser's date picker; empty means null where the field allows it. */
export function PDateInput({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common &
  Omit<TextInputProps, Omitted | 'type'> & {
    value: string | null;
    onChange: (value: string) => void;
  }) {
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return (
    <TextInput
      {...rest}
      {...field}
      type="date"
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

const toNumber = (value: string | number): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value.trim() === '' || /[.-]$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/**
 * A number that may be empty (null). Keeps the typed text while it is not a number yet ("1.", "-"),
 * so a controlled value never fights the user's typing.
 */
export function PNumberInput({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common &
  Omit<NumberInputProps, Omitted> & {
    value: number | null;
    onChange: (value: number | null) => void;
  }) {
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  const [text, setText] = useState<string | number>(value ?? '');
  useEffect(() => {
    setText((current) => (toNumber(current) === value ? current : (value ?? '')));
  }, [value]);
  return (
    <NumberInput
      thousandSeparator=","
      {...rest}
      {...field}
      value={text}
      onChange={(next) => {
        setText(next);
        const parsed = toNumber(next);
        if (parsed !== null || next === '') onChange(parsed);
      }}
    />
  );
}

export function PSelect({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common &
  Omit<SelectProps, Omitted> & {
    value: string | null;
    onChange: (value: string | null) => void;
    data: ComboboxItem[];
  }) {
  const { t } = useTranslation();
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return (
    <Select
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      nothingFoundMessage={t('common.nothingFound')}
      {...rest}
      {...field}
      value={value}
      onChange={(next) => onChange(next)}
    />
  );
}

export function PMultiSelect({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common &
  Omit<MultiSelectProps, Omitted> & {
    value: string[];
    onChange: (value: string[]) => void;
    data: ComboboxItem[];
  }) {
  const { t } = useTranslation();
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return (
    <MultiSelect
      comboboxProps={{ withinPortal: true }}
      nothingFoundMessage={t('common.nothingFound')}
      {...rest}
      {...field}
      value={value}
      onChange={onChange}
    />
  );
}

export function PTagsInput({
  path,
  label,
  ariaLabel,
  warning,
  flag,
  value,
  onChange,
  ...rest
}: Common & Omit<TagsInputProps, Omitted> & { value: string[]; onChange: (value: string[]) => void }) {
  const field = useFieldProps({ path, label, ariaLabel, warning, flag });
  return <TagsInput {...rest} {...field} value={value} onChange={onChange} />;
}

/** A set of vocabulary values as checkboxes (purposes, research methods). */
export function PCheckboxGroup<V extends string>({
  path,
  label,
  value,
  onChange,
  options,
  columns = 1,
}: {
  path: string;
  label: ReactNode;
  value: V[];
  onChange: (value: V[]) => void;
  options: { value: V; label: string }[];
  columns?: number;
}) {
  const { readOnly, issueAt } = useFieldState();
  return (
    <Checkbox.Group<V>
      label={label}
      value={value}
      onChange={onChange}
      readOnly={readOnly}
      error={issueAt(path)}
      wrapperProps={{ 'data-path': path }}
    >
      <SimpleGrid cols={{ base: 1, xs: columns }} spacing={6} verticalSpacing={6} mt={6}>
        {options.map((option) => (
          <Checkbox key={option.value} value={option.value} label={option.label} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
