import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

/** Radix dialog with our chrome: focus is trapped, Escape closes, focus returns to the opener. */
export function Modal({ open, onOpenChange, title, description, children, footer, wide, testId }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className={`dialog${wide ? ' dialog-wide' : ''}`} data-testid={testId}>
          <div className="dialog-header">
            <Dialog.Title asChild>
              <h2>{title}</h2>
            </Dialog.Title>
            {description ? (
              <Dialog.Description asChild>
                <p>{description}</p>
              </Dialog.Description>
            ) : (
              <Dialog.Description className="visually-hidden">{typeof title === 'string' ? title : 'Dialog'}</Dialog.Description>
            )}
          </div>
          {children && <div className="dialog-body">{children}</div>}
          {footer && <div className="dialog-footer">{footer}</div>}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
